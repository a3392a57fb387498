import {
  ancestorNumbersOf,
  compareKleNumbers,
  handlingsfacetCategoryOf,
  isEmneNr,
  isGruppeNr,
  isHandlingsfacetNr,
  isHovedgruppeNr,
  isKleNumber,
  levelOf,
  normalizeKleNumber,
  parentOf,
  type KleLevel,
} from './kle-number';

describe('KLE numbers', () => {
  it.each<[string, string | undefined]>([
    ['32.24.04', '32.24.04'],
    ['32.24.04.', '32.24.04'],
    [' 15. 00. ', '15.00'],
    ['15. 17. 06.', '15.17.06'],
    ['15 .17', '15.17'],
    ['32.', '32'],
    ['00', '00'],
    ['G01', 'G01'],
    ['g01', 'G01'],
    ['ø34', 'Ø34'],
    ['P 22.', 'P22'],
    ['4.', undefined],
    ['4. Uddannelse', undefined],
    ['32.24.4', undefined],
    ['32.24.04.01', undefined],
    ['322404', undefined],
    ['X01', undefined],
    ['G1', undefined],
    ['', undefined],
  ])('normalises %j to %j', (written, canonical) => {
    expect(normalizeKleNumber(written)).toBe(canonical);
  });

  it.each<[string, KleLevel | undefined]>([
    ['15', 'hovedgruppe'],
    ['15.17', 'gruppe'],
    ['15.17.06', 'emne'],
    ['15. 17. 06.', 'emne'],
    ['G01', 'handlingsfacet'],
    ['A10', 'handlingsfacet'],
    ['I00', 'handlingsfacet'],
    ['K07', 'handlingsfacet'],
    ['S05', 'handlingsfacet'],
    ['Ø34', 'handlingsfacet'],
    ['B01', undefined],
    ['15.17.06.01', undefined],
  ])('knows that %s is a %s', (nummer, level) => {
    expect(levelOf(nummer)).toBe(level);
  });

  it.each<[string, string | undefined]>([
    ['32.24.04', '32.24'],
    ['32.24', '32'],
    ['32', undefined],
    ['G01', undefined],
    ['15. 00. 05.', '15.00'],
    ['nonsense', undefined],
  ])('gives %s the parent %j', (nummer, parent) => {
    expect(parentOf(nummer)).toBe(parent);
  });

  it.each<[string, string[]]>([
    ['32.24.04', ['32', '32.24']],
    ['32.24', ['32']],
    ['32', []],
    ['G01', []],
  ])('lists the numbers above %s hovedgruppe first', (nummer, ancestors) => {
    expect(ancestorNumbersOf(nummer)).toEqual(ancestors);
  });

  it.each<[string, boolean, boolean, boolean, boolean, boolean]>([
    // value, isKleNumber, hovedgruppe, gruppe, emne, handlingsfacet
    ['15', true, true, false, false, false],
    ['15.17', true, false, true, false, false],
    ['15.17.06', true, false, false, true, false],
    ['G01', true, false, false, false, true],
    ['15.17.06.', false, false, false, false, false],
    ['15. 17', false, false, false, false, false],
    ['g01', false, false, false, false, false],
  ])('validates %j strictly as canonical', (value, any, hovedgruppe, gruppe, emne, facet) => {
    expect([
      isKleNumber(value),
      isHovedgruppeNr(value),
      isGruppeNr(value),
      isEmneNr(value),
      isHandlingsfacetNr(value),
    ]).toEqual([any, hovedgruppe, gruppe, emne, facet]);
  });

  it.each<[string, string | undefined]>([
    ['G01', 'G'],
    ['ø34', 'Ø'],
    ['32.24.04', undefined],
  ])('reads the handlingsfacet category of %s as %j', (nummer, category) => {
    expect(handlingsfacetCategoryOf(nummer)).toBe(category);
  });

  it('sorts numbers in hierarchy order with handlingsfacetter last', () => {
    const numbers = ['G01', '32.27', '32.24.04', '15', 'A10', '32', '32.24', '15.17.06'];
    expect([...numbers].sort(compareKleNumbers)).toEqual([
      '15',
      '15.17.06',
      '32',
      '32.24',
      '32.24.04',
      '32.27',
      'A10',
      'G01',
    ]);
  });
});
