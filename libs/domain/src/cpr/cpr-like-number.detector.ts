import { parseCpr } from './cpr';

export type CprHitConfidence = 'high' | 'medium';

/** A CPR-like number found in free text. `start`/`end` are string indexes (end exclusive). */
export interface CprHit {
  start: number;
  end: number;
  match: string;
  confidence: CprHitConfidence;
  reason: string;
}

export const CPR_HIT_REASON_MODULUS_11 = 'valid date, modulus 11 holds';
export const CPR_HIT_REASON_NO_MODULUS_11 = 'valid date, modulus 11 fails (allowed since 2007)';
export const CPR_MASK = '******-****';

/**
 * What people put between the parts of a CPR number: white space of any width (space, tab, no-break,
 * thin and narrow no-break space), soft hyphens and zero-width characters; and marks: hyphens,
 * en and em dashes, the minus sign, full-width hyphens, slash and dot.
 */
const SPACE = '[\\s\\u00ad\\u200b-\\u200d\\u2060]';
const MARK = '[\\-\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff0d/.]';
/** Between the date and the serial: nothing, white space, or one or two marks with white space around. */
const GAP = `(?:${SPACE}{0,3}${MARK}{1,2}${SPACE}{0,3}|${SPACE}{1,3})?`;
/** Between the day, month and year of a date written in groups (`01 02 03`, `01.02.03`, `01-02-03`). */
const DATE_GAP = `(?:${SPACE}?${MARK}${SPACE}?|${SPACE}{1,2})`;

/**
 * A date (six digits, or DD MM YY in groups) then a serial of four digits. Not inside a longer digit run,
 * and not glued to a decimal or thousands part (`123456.7890,50`, `1.123456-7890`).
 */
const CPR_LIKE = new RegExp(
  `(?<!\\d)(?<!\\d[.,])(?:(\\d{6})|(\\d{2})${DATE_GAP}(\\d{2})${DATE_GAP}(\\d{2}))${GAP}(\\d{4})(?![.,]?\\d)`,
  'g',
);

/** A CPR label ("CPR", "cpr.nr.", "CPR-nummer", "personnummer", "pers.nr."); after one, any grouping of ten digits counts. */
const CPR_LABEL_HINT = /cpr|pers/i;
const CPR_LABELLED = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:cpr|personn(?:umme)?r|pers\\.?\\s?nr)\\D{0,12}?(\\d(?:(?:${SPACE}|${MARK}){0,2}\\d){9})(?![.,]?\\d)`,
  'giu',
);

/**
 * Labels of numbers that are never a person's CPR number: a P-number (production unit), an invoice, an
 * order or a voucher number. Directly before a plain ten-digit run they exempt it from the CPR rule even
 * when its first six digits are a valid date. A number written with a CPR separator after such a label is
 * still held, and labels of numbers some systems fill with the CPR number (customer, account, member and
 * case numbers) exempt nothing: the rule would rather hold a letter than publish a CPR number.
 */
const CPR_EXEMPTING_LABEL =
  /(?<![\p{L}\p{N}])(?:p[-.\s]?(?:nr|nummer)|produktionsenheds?(?:nr|nummer)?|(?:faktura|ordre|bilags?)(?:[-.\s]?(?:nr|nummer|no))?)\.?[\s:#]*$/iu;
const LABEL_WINDOW = 40;

function exemptByLabel(text: string, start: number, match: string): boolean {
  return /^\d{10}$/.test(match) && CPR_EXEMPTING_LABEL.test(text.slice(Math.max(0, start - LABEL_WINDOW), start));
}

function hitOf(start: number, match: string, digits: string): CprHit | undefined {
  const parsed = parseCpr(digits);
  if (!parsed.ok) return undefined;
  return {
    start,
    end: start + match.length,
    match,
    confidence: parsed.cpr.modulus11 ? 'high' : 'medium',
    reason: parsed.cpr.modulus11 ? CPR_HIT_REASON_MODULUS_11 : CPR_HIT_REASON_NO_MODULUS_11,
  };
}

/**
 * Finds CPR-like numbers: a date that exists under the CPR century rule and a serial of four digits,
 * written the ways people write them (see the patterns above), or ten digits grouped any way after a CPR
 * label. Modulus 11 only sets the confidence (high when it holds, medium otherwise), never excludes a
 * hit. Hits are in text order and do not overlap.
 */
export function detectCprLikeNumbers(text: string): CprHit[] {
  const hits: CprHit[] = [];
  // exec on the shared pattern (matchAll would copy it on every call); lastIndex is reset before each use
  CPR_LIKE.lastIndex = 0;
  for (let m = CPR_LIKE.exec(text); m; m = CPR_LIKE.exec(text)) {
    const digits = `${m[1] ?? `${m[2]}${m[3]}${m[4]}`}${m[5]}`;
    const hit = hitOf(m.index, m[0], digits);
    if (hit && !exemptByLabel(text, m.index, m[0])) hits.push(hit);
  }
  if (!CPR_LABEL_HINT.test(text)) return hits;
  const labelled: CprHit[] = [];
  CPR_LABELLED.lastIndex = 0;
  for (let m = CPR_LABELLED.exec(text); m; m = CPR_LABELLED.exec(text)) {
    const number = m[1]!;
    const start = m.index + m[0].length - number.length;
    const hit = hitOf(start, number, number.replace(/\D/g, ''));
    if (!hit || exemptByLabel(text, start, number)) continue;
    if (!hits.some((h) => h.start < hit.end && hit.start < h.end)) labelled.push(hit);
  }
  return labelled.length ? [...hits, ...labelled].sort((a, b) => a.start - b.start) : hits;
}

/** Whether the text holds at least one CPR-like number. */
export function containsCprLikeNumber(text: string): boolean {
  return detectCprLikeNumbers(text).length > 0;
}

/** Replaces every CPR-like number with `******-****` (or the given mask). */
export function maskCprLikeNumbers(text: string, mask: string = CPR_MASK): string {
  let out = '';
  let from = 0;
  for (const hit of detectCprLikeNumbers(text)) {
    out += text.slice(from, hit.start) + mask;
    from = hit.end;
  }
  return out + text.slice(from);
}
