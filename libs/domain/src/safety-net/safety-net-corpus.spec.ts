import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CorpusRow,
  formatSafetyNetCorpus,
  LABELLED_IDENTIFIER_CLASSES,
  parseSafetyNetCorpus,
  SAFETY_NET_TARGETS,
  scoreSafetyNetCorpus,
} from './safety-net-corpus';

const corpus = parseSafetyNetCorpus(readFileSync(join(__dirname, 'corpus/titles.tsv'), 'utf8'));
const score = scoreSafetyNetCorpus(corpus);
/** A miss as a reader may see it: digits shown as `9`, so no number from the file is repeated here. */
const shape = (m: CorpusRow & { rules: string[] }): string =>
  `${m.class} ${m.expected} [${m.rules.join(',')}] ${m.text.replace(/\d/g, '9')}`;

describe('the safety net on its labelled corpus', () => {
  it('has several hundred rows of every look-alike class and of CPR numbers in many writings', () => {
    const classes = new Set(corpus.map((r) => r.class));
    expect(corpus.length).toBeGreaterThanOrEqual(900);
    for (const cls of [...LABELLED_IDENTIFIER_CLASSES, 'date', 'amount', 'phone', 'clean'])
      expect([cls, classes.has(cls)]).toEqual([cls, true]);
    expect([...classes].filter((c) => c.startsWith('cpr-')).length).toBeGreaterThanOrEqual(8);
    expect(score.classes.every((c) => c.rows >= 30)).toBe(true);
  });

  it(`holds at least ${SAFETY_NET_TARGETS.cprRecall * 100} % of the CPR-bearing titles as CPR`, () => {
    const missed = score.misses.filter((m) => m.expected === 'hold-cpr').map(shape);
    expect({ recall: score.cprRecall >= SAFETY_NET_TARGETS.cprRecall, missed }).toEqual({ recall: true, missed: [] });
  });

  it(`holds at most ${SAFETY_NET_TARGETS.falseCprHoldRate * 100} % of the titles without a CPR number as CPR`, () => {
    const wrong = score.misses.filter((m) => m.expected !== 'hold-cpr' && m.rules.includes('SAFETY-CPR')).map(shape);
    expect(score.falseCprHoldRate).toBeLessThanOrEqual(SAFETY_NET_TARGETS.falseCprHoldRate);
    expect(wrong.length).toBeLessThanOrEqual(Math.floor(score.nonCprRows * SAFETY_NET_TARGETS.falseCprHoldRate));
  });

  it('holds no identifier with an explicit non-phone label as a phone number', () => {
    const held = score.misses
      .filter((m) => LABELLED_IDENTIFIER_CLASSES.includes(m.class) && m.rules.includes('SAFETY-PHONE'))
      .map(shape);
    expect({ holds: score.labelledPhoneHolds, held }).toEqual({
      holds: SAFETY_NET_TARGETS.labelledPhoneHolds,
      held: [],
    });
  });

  it('holds every phone number as a phone number', () => {
    expect(score.phoneRecall).toBe(1);
  });
});

describe('the corpus file', () => {
  it('reads back what it writes, invisible characters included', () => {
    const rows: CorpusRow[] = [
      { text: 'a\u00a0b\u2009c\u2013d\u200be\\u0041', class: 'clean', expected: 'pass' },
      { text: 'Tlf. 23 45 67 89', class: 'phone', expected: 'hold-phone' },
    ];
    const tsv = formatSafetyNetCorpus(rows);
    expect(tsv).toBe(
      'text\tclass\texpected\na\\u00a0b\\u2009c\\u2013d\\u200be\\u005cu0041\tclean\tpass\nTlf. 23 45 67 89\tphone\thold-phone\n',
    );
    expect(parseSafetyNetCorpus(tsv)).toEqual(rows);
  });

  it.each([
    ['no header', 'a\tclean\tpass\n'],
    ['a missing column', 'text\tclass\texpected\na\tclean\n'],
    ['an unknown expectation', 'text\tclass\texpected\na\tclean\tmaybe\n'],
  ])('is refused with %s', (_name, tsv) => {
    expect(() => parseSafetyNetCorpus(tsv)).toThrow(/header|line 2/);
  });
});

describe('scoreSafetyNetCorpus', () => {
  it('counts per class what the CPR and phone rules held', () => {
    const s = scoreSafetyNetCorpus([
      { text: 'Sag 2023-123456', class: 'journal', expected: 'pass' },
      { text: 'Ring 23 45 67 89', class: 'journal', expected: 'pass' },
      { text: 'Tlf. 23 45 67 89', class: 'phone', expected: 'hold-phone' },
      { text: 'Mødedato 2023', class: 'phone', expected: 'hold-phone' },
    ]);
    expect(s.classes).toEqual([
      { class: 'journal', rows: 2, heldAsCpr: 0, heldAsPhone: 1, falseHolds: 1, recall: null, falseHoldRate: 0.5 },
      { class: 'phone', rows: 2, heldAsCpr: 0, heldAsPhone: 1, falseHolds: 0, recall: 0.5, falseHoldRate: null },
    ]);
    expect([s.labelledRows, s.labelledPhoneHolds, s.phoneRecall, s.misses.length]).toEqual([2, 1, 0.5, 2]);
  });
});
