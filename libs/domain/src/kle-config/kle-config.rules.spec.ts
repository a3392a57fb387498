import {
  KLE_CONFIG_RULES,
  type KleConfigContext,
  type KleConfigRuleId,
  validateKleConfigLine,
} from './kle-config.rules';
import type { KleConfigLine } from './kle-config.types';

const TITLES: Record<string, string> = {
  '32.24.04': 'Hjælp til forsørgelse (kontanthjælp mv.)',
  '32.24.32': 'Udgået emne',
  '15.17.06': 'Sygedagpengeopfølgning',
};

const ctx: KleConfigContext = {
  catalogue: {
    emneTitle: (nr) => TITLES[nr],
    isRetired: (nr) => nr === '32.24.32',
    replacementFor: (nr) => (nr === '32.24.32' ? '32.24.04' : undefined),
  },
  etaper: [{ nr: 1, year: 2020, title: 'Etape 1', emner: ['32.24.04'] }],
  connectedFagsystems: new Set(['jobnet-ydelse']),
};

const aLine = (overrides: Partial<KleConfigLine> = {}): KleConfigLine => ({
  kle: '32.24.04',
  shown: true,
  fraDato: '2020-12-31',
  activeCaseOverride: false,
  titleSource: 'KLE',
  documentTitles: false,
  selfserviceUrl: 'https://selvbetjening.example.dk/ansoeg',
  borgerdkUrl: null,
  fagsystemFilter: ['jobnet-ydelse'],
  contactPoints: [{ type: 'TELEFON', value: '+4570102030', label: null }],
  ...overrides,
});

const cases: Array<[KleConfigRuleId, string, Partial<KleConfigLine>, Partial<KleConfigLine>]> = [
  ['KLE-CONFIG-KLE-UNKNOWN', '/kle', { kle: '99.99.99' }, { kle: '15.17.06' }],
  ['KLE-CONFIG-KLE-RETIRED', '/kle', { kle: '32.24.32' }, { kle: '32.24.04' }],
  ['KLE-CONFIG-FRA-DATO-INVALID', '/fraDato', { fraDato: '2021-02-30' }, { fraDato: '2020-02-29' }],
  ['KLE-CONFIG-FRA-DATO-AFTER-ETAPE', '/fraDato', { fraDato: '2021-01-01' }, { fraDato: '2020-12-31' }],
  ['KLE-CONFIG-TITLE-SOURCE', '/titleSource', { titleSource: 'X' as 'KLE' }, { titleSource: 'SAG' }],
  ['KLE-CONFIG-URL-INVALID', '/selfserviceUrl', { selfserviceUrl: 'http://example.dk' }, { selfserviceUrl: null }],
  [
    'KLE-CONFIG-URL-INVALID',
    '/borgerdkUrl',
    { borgerdkUrl: 'https:///sti' },
    { borgerdkUrl: 'https://www.borger.dk/a' },
  ],
  ['KLE-CONFIG-FAGSYSTEM-NOT-CONNECTED', '/fagsystemFilter/0', { fagsystemFilter: ['andet'] }, { fagsystemFilter: [] }],
  [
    'KLE-CONFIG-CONTACT-TYPE',
    '/contactPoints/0/type',
    { contactPoints: [{ type: 'FAX', value: '70102030', label: null }] },
    { contactPoints: [{ type: 'FYSISK', value: 'Rådhuset, Torvet 1', label: null }] },
  ],
  [
    'KLE-CONFIG-CONTACT-VALUE',
    '/contactPoints/0/value',
    { contactPoints: [{ type: 'TELEFON', value: '1234567', label: null }] },
    { contactPoints: [{ type: 'TELEFON', value: '70 10 20 30', label: null }] },
  ],
];

describe('validateKleConfigLine', () => {
  it('accepts a complete, valid line', () => {
    expect(validateKleConfigLine(aLine(), ctx)).toEqual([]);
  });

  it.each(cases)('%s at %s: refuses the bad value and accepts the good one', (rule, field, bad, good) => {
    const refused = validateKleConfigLine(aLine(bad), ctx);
    expect(refused).toEqual([expect.objectContaining({ rule, field })]);
    expect(refused[0]!.message).toContain(KLE_CONFIG_RULES[rule].da);
    expect(refused[0]!.en).toBe(KLE_CONFIG_RULES[rule].en);
    expect(validateKleConfigLine(aLine(good), ctx)).toEqual([]);
  });

  it('names the replacement of a retired emne', () => {
    expect(validateKleConfigLine(aLine({ kle: '32.24.32' }), ctx)[0]!.message).toContain('afløst af 32.24.04');
  });

  it('names the latest allowed fra-dato in Danish date form', () => {
    expect(validateKleConfigLine(aLine({ fraDato: '2022-01-01' }), ctx)[0]!.message).toContain('senest 31-12-2020');
  });

  it('allows any valid fra-dato for an emne no etape requires', () => {
    expect(validateKleConfigLine(aLine({ kle: '15.17.06', fraDato: '2030-06-01' }), ctx)).toEqual([]);
  });

  it.each([
    ['TELEFON', '70102030', true],
    ['TELEFON', '+45 70 10 20 30', true],
    ['TELEFON', '+4670102030', false],
    ['EMAIL', 'ydelse@kommune.dk', true],
    ['EMAIL', 'ydelse@kommune', false],
    ['HJEMMESIDE', 'https://kommune.dk/kontakt', true],
    ['HJEMMESIDE', 'javascript:alert(1)', false],
    ['DIGITAL_POST', '29189900', true],
    ['DIGITAL_POST', 'https://post.borger.dk/kommune', true],
    ['DIGITAL_POST', 'postkasse', false],
    ['FYSISK', 'Jobcentret, Torvet 1, 9999 Fakeby', true],
    ['FYSISK', '1234', false],
  ])('contact point %s %j valid: %s', (type, value, valid) => {
    const refused = validateKleConfigLine(aLine({ contactPoints: [{ type, value, label: null }] }), ctx);
    expect(refused.length === 0).toBe(valid);
  });

  it('has a test case for every rule except the four-eyes rule of approval', () => {
    const tested = new Set(cases.map(([rule]) => rule));
    expect(Object.keys(KLE_CONFIG_RULES).filter((r) => !tested.has(r as KleConfigRuleId))).toEqual([
      'KLE-CONFIG-FOUR-EYES',
    ]);
  });
});
