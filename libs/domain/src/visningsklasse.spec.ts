import {
  exemptionPeriods,
  type ExemptionPeriod,
  isExemptOn,
  isHiddenFromCitizen,
  isUndtagetForBorgerKode,
  nextExemptionChange,
  type StoredExemption,
  UNDTAGET_FOR_BORGER,
  visningsklasseKode,
  visningsklasseSpellingKey,
} from './visningsklasse';
import type { Virkning } from './virkning/virkning';

const NOW = '2024-06-01T12:00:00Z';
const open: Virkning = { fra: '2024-01-01T00:00:00Z' };
const ended: Virkning = { fra: '2024-01-01T00:00:00Z', til: '2024-05-01T00:00:00Z' };
const future: Virkning = { fra: '2024-07-01T00:00:00Z' };

describe('visningsklasse spellings', () => {
  it.each<[string, string]>([
    ['the code', 'UNDTAGET_FOR_BORGER'],
    ['the code in lower case', 'undtaget_for_borger'],
    ["the standard's title", 'Visning undtaget for borger'],
    ['the title in upper case', 'VISNING UNDTAGET FOR BORGER'],
    ['the title without "Visning"', 'Undtaget for borger'],
    ['the title in lower case', 'undtaget for borger'],
    ['hyphens', 'Undtaget-for-borger'],
    ['hyphens with "Visning"', 'visning-undtaget-for-borger'],
    ['the code with a VISNING_ prefix', 'VISNING_UNDTAGET_FOR_BORGER'],
    ['no separators (camel case)', 'UndtagetForBorger'],
    ['no separators with "Visning"', 'VisningUndtagetForBorger'],
    ['surrounding whitespace', '  Undtaget for borger\t'],
    ['doubled spaces', 'Visning  undtaget   for borger'],
    ['a no-break space', 'Undtaget\u00a0for\u00a0borger'],
    ['a line break', 'Visning undtaget\nfor borger'],
    ['an en dash', 'Undtaget\u2013for\u2013borger'],
    ['a zero-width space', 'Undtaget\u200bfor borger'],
    ['mixed separators', 'Visning_undtaget-for borger'],
    ['full-width letters', '\uff35\uff4e\uff44\uff54\uff41\uff47\uff45\uff54 for borger'],
  ])('reads %s (%j) as UNDTAGET_FOR_BORGER', (_name, spelling) => {
    expect(visningsklasseKode(spelling)).toBe(UNDTAGET_FOR_BORGER);
    expect(isUndtagetForBorgerKode(spelling)).toBe(true);
  });

  it.each<[string, string]>([
    ['a part of the code', 'UNDTAGET'],
    ['the negation', 'IKKE_UNDTAGET_FOR_BORGER'],
    ['another class', 'SAERLIG_VISNING'],
    ['another word', 'Undtaget for borgeren'],
    ['a misspelling', 'Undtagt for borger'],
    ['slashes as separators', 'undtaget/for/borger'],
    ['dots as separators', 'undtaget.for.borger'],
    ['a title with a trailing text', 'Visning undtaget for borger (midlertidig)'],
    ['only "Visning"', 'Visning'],
    ['a number', '1'],
    ['blanks only', '   '],
  ])('names no visningsklasse with %s (%j)', (_name, spelling) => {
    expect(visningsklasseKode(spelling)).toBeUndefined();
    expect(isUndtagetForBorgerKode(spelling)).toBe(false);
  });

  it.each<[string, string, string]>([
    // the code list has no Danish letter yet; spellings are compared by this key all the same
    ['æ spelt out', 'Særlig visning', 'SAERLIG_VISNING'],
    ['ø spelt out', 'følsom', 'FOELSOM'],
    ['å spelt out', 'Åben', 'AABEN'],
    ['å as a and a combining ring', 'A\u030aben', 'AABEN'],
    ['Æ in upper case', 'SÆRLIG-VISNING', 'Saerlig visning'],
  ])('compares the Danish letters either way: %s', (_name, a, b) => {
    expect(visningsklasseSpellingKey(a)).toBe(visningsklasseSpellingKey(b));
  });
});

describe('visningsklasse at an instant', () => {
  it.each<[string, Array<{ kode: string; virkning: Virkning }> | undefined, boolean]>([
    ['no visningsklasser', undefined, false],
    ['an empty list', [], false],
    ['undtaget for borger in effect', [{ kode: UNDTAGET_FOR_BORGER, virkning: open }], true],
    ['undtaget for borger that has ended', [{ kode: UNDTAGET_FOR_BORGER, virkning: ended }], false],
    ['undtaget for borger not yet in effect', [{ kode: UNDTAGET_FOR_BORGER, virkning: future }], false],
    ["the code written as the standard's text", [{ kode: 'Visning undtaget for borger', virkning: open }], true],
  ])('hides the object with %s: %s', (_name, visningsklasser, hidden) => {
    expect(isHiddenFromCitizen(visningsklasser, NOW)).toBe(hidden);
  });
});

describe('exemption periods in Danish days', () => {
  const u = (fra: string, til?: string | null) => ({
    kode: UNDTAGET_FOR_BORGER,
    virkning: til === undefined ? { fra } : { fra, til },
  });
  it.each<[string, Array<{ kode: string; virkning: Virkning }>, ExemptionPeriod[]]>([
    ['an open exemption', [u('2024-03-05T09:00:00Z')], [{ fra: '2024-03-05', til: null }]],
    ['an open one with til null', [u('2024-03-05T09:00:00Z', null)], [{ fra: '2024-03-05', til: null }]],
    [
      'one ending at midnight Danish time (winter)',
      [u('2024-01-02T09:00:00Z', '2024-02-09T23:00:00Z')],
      [{ fra: '2024-01-02', til: '2024-02-10' }],
    ],
    [
      'one ending at midnight Danish time (summer)',
      [u('2024-05-02T09:00:00Z', '2024-06-09T22:00:00Z')],
      [{ fra: '2024-05-02', til: '2024-06-10' }],
    ],
    [
      'one ending during a day: hidden through that day',
      [u('2024-05-02T09:00:00Z', '2024-06-10T08:00:00Z')],
      [{ fra: '2024-05-02', til: '2024-06-11' }],
    ],
    [
      'one starting late in the evening UTC: the next Danish day',
      [u('2024-05-02T22:30:00Z')],
      [{ fra: '2024-05-03', til: null }],
    ],
    ['one starting with an offset', [u('2024-05-03T00:30:00+02:00')], [{ fra: '2024-05-03', til: null }]],
    ['an empty period (a correction)', [u('2024-05-02T09:00:00Z', '2024-05-02T09:00:00Z')], []],
    [
      'one within a day',
      [u('2024-05-02T09:00:00Z', '2024-05-02T10:00:00Z')],
      [{ fra: '2024-05-02', til: '2024-05-03' }],
    ],
    ['another class', [{ kode: 'SAERLIG_VISNING', virkning: open }], []],
    [
      'the title spelling in a stored body',
      [{ kode: 'Visning undtaget for borger', virkning: open }],
      [{ fra: '2024-01-01', til: null }],
    ],
    [
      'two, in day order',
      [u('2024-05-02T09:00:00Z'), u('2024-01-02T09:00:00Z', '2024-02-01T09:00:00Z')],
      [
        { fra: '2024-01-02', til: '2024-02-02' },
        { fra: '2024-05-02', til: null },
      ],
    ],
  ])('%s', (_name, visningsklasser, periods) => {
    expect(exemptionPeriods(visningsklasser)).toEqual(periods);
  });

  const periods: ExemptionPeriod[] = [
    { fra: '2024-02-01', til: '2024-03-01' },
    { fra: '2024-06-01', til: null },
  ];
  it.each<[string, StoredExemption, string, boolean, string | null]>([
    // [name, stored, day, exempt on that day, next change after it]
    ['before the first', periods, '2024-01-31', false, '2024-02-01'],
    ['on its first day', periods, '2024-02-01', true, '2024-03-01'],
    ['on its last day', periods, '2024-02-29', true, '2024-03-01'],
    ['on the day it ends', periods, '2024-03-01', false, '2024-06-01'],
    ['in the open one', periods, '2024-07-01', true, null],
    ['none', [], '2024-07-01', false, null],
    ['a legacy flag that hides', true, '2024-07-01', true, null],
    ['a legacy flag that shows', false, '2024-07-01', false, null],
  ])('%s: exempt %s, next change %s', (_name, stored, day, exempt, next) => {
    expect([isExemptOn(stored, day), nextExemptionChange(stored, day)]).toEqual([exempt, next]);
  });
});
