import { scanUnfitText, type UnfitTextHit } from './unfit-text.scanner';

/**
 * The labelled corpus of titles the safety net is measured on (`corpus/titles.tsv`): one row per title
 * with its class (how the number in it is written, or which look-alike it holds) and what the net must do.
 */
export const CORPUS_EXPECTATIONS = ['hold-cpr', 'hold-phone', 'pass'] as const;
export type CorpusExpectation = (typeof CORPUS_EXPECTATIONS)[number];

export interface CorpusRow {
  text: string;
  /** `cpr-…` (a CPR number in one writing), or a look-alike: cvr, p-number, journal, date, amount, account, invoice, phone, clean. */
  class: string;
  expected: CorpusExpectation;
}

/** Classes whose every row names its number with an explicit non-phone label (`CVR`, `P-nr.`, `J.nr.`, `kontonr.`, `faktura`). */
export const LABELLED_IDENTIFIER_CLASSES: readonly string[] = ['cvr', 'p-number', 'journal', 'account', 'invoice'];

/** What the net must reach on the corpus. */
export const SAFETY_NET_TARGETS = {
  /** Share of CPR-bearing titles the CPR rule holds, at least. */
  cprRecall: 0.995,
  /** Share of titles without a CPR number that the CPR rule holds, at most. */
  falseCprHoldRate: 0.01,
  /** Titles with a labelled non-phone identifier held as a phone number. */
  labelledPhoneHolds: 0,
} as const;

export const CORPUS_HEADER = 'text\tclass\texpected';

/**
 * Characters written as `\uXXXX` in the file: the TSV separators, the backslash, and the invisible or
 * look-alike characters a title may hold (no-break, thin and zero-width spaces, soft hyphen, dashes,
 * the minus sign), so a reader of the file sees which one a row holds.
 */
// eslint-disable-next-line no-control-regex -- tab, line feed and carriage return cannot stand in a TSV cell
const ESCAPED = /[\u0000-\u001f\\\u00a0\u00ad\u2000-\u2015\u2028\u2029\u202f\u205f\u2060\u2212\u3000\ufeff\uff0d]/g;
const escapeText = (text: string): string =>
  text.replace(ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const unescapeText = (cell: string): string =>
  cell.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

export function formatSafetyNetCorpus(rows: readonly CorpusRow[]): string {
  return [CORPUS_HEADER, ...rows.map((r) => `${escapeText(r.text)}\t${r.class}\t${r.expected}`)].join('\n') + '\n';
}

/** Reads the corpus file; throws with the line number on a row that is not `text<TAB>class<TAB>expected`. */
export function parseSafetyNetCorpus(tsv: string): CorpusRow[] {
  const lines = tsv.split('\n');
  if (lines[0] !== CORPUS_HEADER)
    throw new Error(`the corpus must start with the header ${JSON.stringify(CORPUS_HEADER)}`);
  const rows: CorpusRow[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line === '') return;
    const cells = line.split('\t');
    const [text, cls, expected] = cells;
    if (cells.length !== 3 || !text || !cls || !CORPUS_EXPECTATIONS.includes(expected as CorpusExpectation))
      throw new Error(`corpus line ${i + 2}: expected text, class and one of ${CORPUS_EXPECTATIONS.join('/')}`);
    rows.push({ text: unescapeText(text), class: cls, expected: expected as CorpusExpectation });
  });
  return rows;
}

export interface CorpusClassScore {
  class: string;
  rows: number;
  heldAsCpr: number;
  heldAsPhone: number;
  /** Rows held by any rule although they should pass. */
  falseHolds: number;
  /** Share of the rows held as they should be (rows expected to be held). */
  recall: number | null;
  /** Share of the rows held although they should pass (rows expected to pass). */
  falseHoldRate: number | null;
}

export interface CorpusScore {
  classes: CorpusClassScore[];
  cprRows: number;
  cprRecall: number;
  nonCprRows: number;
  falseCprHoldRate: number;
  phoneRecall: number | null;
  passRows: number;
  falseHoldRate: number;
  labelledRows: number;
  labelledPhoneHolds: number;
  /** The rows the net got wrong, for a reader to look at. */
  misses: Array<CorpusRow & { rules: string[] }>;
}

const share = (n: number, of: number): number => (of ? n / of : 0);

/** Scans every row (no word list) and counts per class what the CPR and phone rules held. */
export function scoreSafetyNetCorpus(
  rows: readonly CorpusRow[],
  scan: (text: string) => UnfitTextHit[] = (t) => scanUnfitText(t),
): CorpusScore {
  const byClass = new Map<string, CorpusClassScore & { expectedHolds: number; heldRight: number; passes: number }>();
  const misses: CorpusScore['misses'] = [];
  let cprRows = 0;
  let cprHeld = 0;
  let nonCprRows = 0;
  let falseCpr = 0;
  let phoneRows = 0;
  let phoneHeld = 0;
  let passRows = 0;
  let falseHolds = 0;
  let labelledRows = 0;
  let labelledPhone = 0;
  for (const row of rows) {
    const rules = scan(row.text).map((h) => h.rule);
    const cpr = rules.includes('SAFETY-CPR');
    const phone = rules.includes('SAFETY-PHONE');
    let c = byClass.get(row.class);
    if (!c) {
      c = {
        class: row.class,
        rows: 0,
        heldAsCpr: 0,
        heldAsPhone: 0,
        falseHolds: 0,
        recall: null,
        falseHoldRate: null,
        expectedHolds: 0,
        heldRight: 0,
        passes: 0,
      };
      byClass.set(row.class, c);
    }
    c.rows++;
    if (cpr) c.heldAsCpr++;
    if (phone) c.heldAsPhone++;
    const right =
      row.expected === 'hold-cpr' ? cpr : row.expected === 'hold-phone' ? phone && !cpr : rules.length === 0;
    if (!right) misses.push({ ...row, rules });
    if (row.expected === 'pass') {
      c.passes++;
      passRows++;
      if (rules.length) {
        c.falseHolds++;
        falseHolds++;
      }
    } else {
      c.expectedHolds++;
      if (right) c.heldRight++;
    }
    if (row.expected === 'hold-cpr') {
      cprRows++;
      if (cpr) cprHeld++;
    } else {
      nonCprRows++;
      if (cpr) falseCpr++;
    }
    if (row.expected === 'hold-phone') {
      phoneRows++;
      if (phone) phoneHeld++;
    }
    if (LABELLED_IDENTIFIER_CLASSES.includes(row.class)) {
      labelledRows++;
      if (phone) labelledPhone++;
    }
  }
  const classes = [...byClass.values()]
    .map(({ expectedHolds, heldRight, passes, ...c }) => ({
      ...c,
      recall: expectedHolds ? heldRight / expectedHolds : null,
      falseHoldRate: passes ? c.falseHolds / passes : null,
    }))
    .sort((a, b) => a.class.localeCompare(b.class));
  return {
    classes,
    cprRows,
    cprRecall: share(cprHeld, cprRows),
    nonCprRows,
    falseCprHoldRate: share(falseCpr, nonCprRows),
    phoneRecall: phoneRows ? phoneHeld / phoneRows : null,
    passRows,
    falseHoldRate: share(falseHolds, passRows),
    labelledRows,
    labelledPhoneHolds: labelledPhone,
    misses,
  };
}
