import { KleCatalogue, type KleCatalogueLookup, type KleNode } from './kle-catalogue';
import { KleCatalogueError } from './kle-catalogue.error';
import { levelOf } from './kle-number';

function node(nummer: string, titel: string, extra: Partial<KleNode> = {}): KleNode {
  const level = levelOf(nummer);
  if (level === undefined) throw new Error(`test data: ${nummer} is no KLE number`);
  return { nummer, level, titel, ...extra };
}

/** 32 with a retired pair moved to 32.24.04, a chain 32.24.90 → 32.24.91 → 32.24.08, and a loop. */
function catalogue(version = '2022-02-01', extra: readonly KleNode[] = []): KleCatalogue {
  return new KleCatalogue(
    [
      node('32', 'Kontante ydelser'),
      node('32.24', 'Ydelser efter lov om aktiv socialpolitik mv.'),
      node('32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'),
      node('32.24.08', 'Revalideringsydelse'),
      node('32.24.32', 'Uddannelseshjælp', { udgaaet: '2022-01-01', afloestAf: ['32.24.04'] }),
      node('32.24.48', 'Selvforsørgelses- og hjemrejseydelse eller overgangsydelse', {
        udgaaet: '2022-01-01',
        afloestAf: ['32.24.04'],
      }),
      node('32.24.90', 'A', { udgaaet: '2015-01-01', afloestAf: ['32.24.91'] }),
      node('32.24.91', 'B', { udgaaet: '2018-01-01', afloestAf: ['32.24.08'] }),
      node('32.24.94', 'Loop 1', { udgaaet: '2019-01-01', afloestAf: ['32.24.95'] }),
      node('32.24.95', 'Loop 2', { udgaaet: '2019-01-01', afloestAf: ['32.24.94'] }),
      node('32.24.96', 'Moved to a number this version lacks', { udgaaet: '2019-01-01', afloestAf: ['32.24.99'] }),
      node('32.24.97', 'Retired without replacement', { udgaaet: '2020-01-01' }),
      node('32.24.98', 'Split: first target retired, second in use', {
        udgaaet: '2020-01-01',
        afloestAf: ['32.24.97', '32.24.08'],
      }),
      node('32.27', 'Ydelser efter beskæftigelsesindsatsloven og fleksydelsesloven', { udgaaet: '2030-01-01' }),
      node('32.27.10', 'Fleksløntilskud'),
      node('G01', 'Generelle sager'),
      ...extra,
    ],
    version,
  );
}

describe('KleCatalogue', () => {
  const kle = catalogue();

  it('counts nodes of every level and keeps its version', () => {
    expect([
      kle.size,
      kle.emner().length,
      kle.grupper().length,
      kle.hovedgrupper().length,
      kle.handlingsfacetter().length,
      kle.version,
    ]).toEqual([16, 12, 2, 1, 1, '2022-02-01']);
  });

  it.each<[string, boolean, string | undefined]>([
    ['32.24.04', true, 'Hjælp til forsørgelse (kontanthjælp mv.)'],
    ['32. 24. 04.', true, 'Hjælp til forsørgelse (kontanthjælp mv.)'],
    ['32.24.32', true, 'Uddannelseshjælp'],
    ['g01', true, 'Generelle sager'],
    ['15.17.06', false, undefined],
    ['not a number', false, undefined],
  ])('finds %j: exists %s, title %j', (nummer, exists, titel) => {
    expect([kle.exists(nummer), kle.titleOf(nummer), kle.get(nummer)?.titel]).toEqual([exists, titel, titel]);
  });

  it.each<[string | undefined, string[]]>([
    [undefined, ['32']],
    ['32', ['32.24', '32.27']],
    ['32.27', ['32.27.10']],
    ['32.27.10', []],
    ['15', []],
    ['G01', []],
  ])('lists the children of %j in number order', (nummer, children) => {
    expect(kle.children(nummer).map((child) => child.nummer)).toEqual(children);
  });

  it.each<[string, string[]]>([
    ['32.24.04', ['32', '32.24']],
    ['32.24', ['32']],
    ['32', []],
    ['32.99.01', ['32']],
    ['G01', []],
  ])('lists the ancestors of %s it holds, hovedgruppe first', (nummer, ancestors) => {
    expect(kle.ancestors(nummer).map((ancestor) => ancestor.nummer)).toEqual(ancestors);
  });

  it.each<[string, string | undefined, boolean]>([
    ['32.24.04', undefined, false],
    ['32.24.32', undefined, true],
    ['32.24.32', '2021-12-31', false],
    ['32.24.32', '2022-01-01', true],
    ['32.24.32', '2022-06-30T12:00:00Z', true],
    ['32.24.97', '2019-12-31', false],
    ['32.27', undefined, true],
    ['32.27', '2029-12-31', false],
    ['32.27.10', undefined, true],
    ['32.27.10', '2029-12-31', false],
    ['15.17.06', undefined, false],
  ])('says whether %s is retired at %j: %s', (nummer, at, retired) => {
    expect(kle.isRetired(nummer, at)).toBe(retired);
  });

  it('accepts a Date as the moment of retirement', () => {
    expect([
      kle.isRetired('32.24.32', new Date('2021-12-31T10:00:00Z')),
      kle.isRetired('32.24.32', new Date('2022-01-01T00:00:00Z')),
    ]).toEqual([false, true]);
  });

  it('counts a move without a date as retired', () => {
    const moved = new KleCatalogue(
      [node('32.24.32', 'Uddannelseshjælp', { afloestAf: ['32.24.04'] }), node('32.24.04', 'Kontanthjælp')],
      'v',
    );
    expect([
      moved.isRetired('32.24.32'),
      moved.isRetired('32.24.32', '1990-01-01'),
      moved.replacementFor('32.24.32'),
    ]).toEqual([true, true, '32.24.04']);
  });

  it('rejects a moment that is no date', () => {
    expect(() => kle.isRetired('32.24.32', '31-12-2021')).toThrow(KleCatalogueError);
  });

  it.each<[string, string | undefined]>([
    ['32.24.32', '32.24.04'],
    ['32.24.48', '32.24.04'],
    ['32.24.90', '32.24.08'],
    ['32.24.91', '32.24.08'],
    ['32.24.94', undefined],
    ['32.24.96', undefined],
    ['32.24.97', undefined],
    ['32.24.98', '32.24.08'],
    ['32.24.04', undefined],
    ['15.17.06', undefined],
  ])('replaces %s by %j', (nummer, replacement) => {
    expect(kle.replacementFor(nummer)).toBe(replacement);
  });

  it('serves delivery validation through the narrow look-up interface', () => {
    const lookup: KleCatalogueLookup = kle;
    expect(
      ['32.24.04', '32.24.32', '15.17.06'].map((nr) => [
        lookup.exists(nr),
        lookup.isRetired(nr),
        lookup.replacementFor(nr),
      ]),
    ).toEqual([
      [true, false, undefined],
      [true, true, '32.24.04'],
      [false, false, undefined],
    ]);
  });

  it('hands out frozen nodes that do not share the caller’s arrays', () => {
    const afloestAf = ['32.24.04'];
    const own = new KleCatalogue([node('32.24.32', 'Uddannelseshjælp', { udgaaet: '2022-01-01', afloestAf })], 'v');
    afloestAf.push('32.24.08');
    const stored = own.get('32.24.32');
    expect([stored?.afloestAf, Object.isFrozen(stored), Object.isFrozen(stored?.afloestAf)]).toEqual([
      ['32.24.04'],
      true,
      true,
    ]);
  });

  it.each<[string, readonly KleNode[], string]>([
    [
      'a loose number',
      [{ nummer: '32.24.04.', level: 'emne', titel: 'x' }],
      '"32.24.04." is not a canonical KLE number',
    ],
    ['a wrong level', [{ nummer: '32.24', level: 'emne', titel: 'x' }], 'KLE 32.24 is at level gruppe, not emne'],
    ['a duplicate', [node('32', 'a'), node('32', 'b')], 'KLE 32 appears more than once'],
    [
      'a bad date',
      [node('32', 'a', { oprettet: '2021-02-30' })],
      'KLE 32: oprettet "2021-02-30" is not a date YYYY-MM-DD',
    ],
    [
      'a loose replacement',
      [node('32.24.32', 'a', { afloestAf: ['32.24.4'] })],
      'KLE 32.24.32: "afløst af" 32.24.4 is not a canonical KLE number',
    ],
    [
      'a self-replacement',
      [node('32.24.32', 'a', { afloestAf: ['32.24.32'] })],
      'KLE 32.24.32 cannot be replaced by itself',
    ],
  ])('refuses %s', (_case, nodes, message) => {
    expect(() => new KleCatalogue(nodes, 'v')).toThrow(new KleCatalogueError(message));
  });

  it('refuses an empty version', () => {
    expect(() => new KleCatalogue([], ' ')).toThrow(KleCatalogueError);
  });

  describe('diff', () => {
    const older = new KleCatalogue(
      [
        node('32', 'Kontante ydelser'),
        node('32.24', 'Ydelser efter lov om aktiv socialpolitik mv.'),
        node('32.24.04', 'Hjælp til forsørgelse (kontanthjælp)'),
        node('32.24.32', 'Uddannelseshjælp'),
        node('32.24.48', 'Selvforsørgelses- og hjemrejseydelse eller overgangsydelse'),
        node('32.24.97', 'Retired without replacement', { udgaaet: '2020-01-01' }),
        node('32.24.99', 'Dropped from the publication'),
      ],
      '2021-11-01',
    );
    const newer = new KleCatalogue(
      [
        node('32', 'Kontante ydelser'),
        node('32.24', 'Ydelser efter lov om aktiv socialpolitik mv.'),
        node('32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'),
        node('32.24.32', 'Uddannelseshjælp', { udgaaet: '2022-01-01', afloestAf: ['32.24.04'] }),
        node('32.24.48', 'Selvforsørgelses- og hjemrejseydelse eller overgangsydelse', {
          udgaaet: '2022-01-01',
          afloestAf: ['32.24.04'],
        }),
        node('32.24.56', 'Fritidstillæg for børn'),
        node('32.24.97', 'Retired without replacement', { udgaaet: '2020-01-01' }),
        node('32.24.98', 'Listed only as retired', { udgaaet: '2021-12-01' }),
      ],
      '2022-02-01',
    );

    it('reports what was added, retired, moved, removed and retitled', () => {
      expect(older.diff(newer)).toEqual({
        fromVersion: '2021-11-01',
        toVersion: '2022-02-01',
        added: ['32.24.56'],
        retired: ['32.24.32', '32.24.48', '32.24.98'],
        moved: [
          { nummer: '32.24.32', afloestAf: ['32.24.04'], udgaaet: '2022-01-01' },
          { nummer: '32.24.48', afloestAf: ['32.24.04'], udgaaet: '2022-01-01' },
        ],
        removed: ['32.24.99'],
        retitled: [
          {
            nummer: '32.24.04',
            from: 'Hjælp til forsørgelse (kontanthjælp)',
            to: 'Hjælp til forsørgelse (kontanthjælp mv.)',
          },
        ],
      });
    });

    it('reports nothing between a version and itself', () => {
      const { added, retired, moved, removed, retitled } = newer.diff(newer);
      expect([added, retired, moved, removed, retitled]).toEqual([[], [], [], [], []]);
    });
  });
});
