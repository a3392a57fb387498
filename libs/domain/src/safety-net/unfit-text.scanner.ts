import { detectCprLikeNumbers } from '../cpr/cpr-like-number.detector';

export type UnfitTextKind = 'CPR' | 'EMAIL' | 'PHONE' | 'WORD';

/** One reason to hold a text back from citizens. Never carries the matched text itself. */
export interface UnfitTextHit {
  kind: UnfitTextKind;
  rule: string;
  reason: string;
}

const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/;
/**
 * Danish phone numbers: +45/0045 prefix optional, then 8 digits written as 8, 4+4 or 2+2+2+2, the first
 * 2–9 (the numbering plan gives no subscriber number a leading 0 or 1). Not part of a longer number: no
 * digit or `+` before it, no decimal part after it (`23456789,00 kr`), and not one part of a compound
 * number (`2023/23456789`, `23456789-2`).
 */
const PHONE =
  /(?<![\d+])(?<!\d[.,/-])(?:(?:\+|00)45[\s-]?)?(?:[2-9]\d{7}|[2-9]\d{3}[\s-]\d{4}|[2-9]\d(?:[\s-]\d{2}){3})(?![.,/-]?\d)/g;

/** Labels that say what a number is, used alone or with `nr`/`nummer` (`CVR 12345678`, `faktura nr. 12345678`). */
export const NON_PHONE_LABELS_ALONE = [
  'cvr',
  'ean',
  'gln',
  'faktura',
  'regning',
  'konto',
  'sag',
  'journal',
  'bilag',
  'ordre',
  'kunde',
  'police',
  'kvittering',
  'kontrakt',
  'aftale',
  'reference',
  'ref',
  'id',
  'debitor',
  'kreditor',
  'dokument',
] as const;
/** Labels that say what a number is only with `nr`/`nummer` (`SE-nr.`, `P-nr.`, `J.nr.`, `reg.nr.`, `kundenr.`). */
export const NON_PHONE_LABELS_WITH_NR = [
  'se',
  'p',
  'j',
  'jr',
  'reg',
  'registrerings',
  'sags',
  'journal',
  'bilags',
  'kunde',
  'medlems',
  'løbe',
  'lb',
  'brev',
  'akt',
  'matr',
  'ejendoms',
  'abonnements',
  'betalings',
  'forsikrings',
  'bevillings',
  'ydelses',
  'transaktions',
] as const;
const NR = '[-.\\s]?(?:nr|nummer|no)\\.?';
/**
 * An explicit label of a number that is no phone number, directly before it (`CVR-nr.: `, `J.nr. `,
 * `kontonr. `, `Faktura `), or before a four-digit group that precedes it (`konto 1234 23456789`: a
 * registration number and an account). A phone label (`tlf.`, `telefon`, `mobil`, `ring på`) is none of these.
 */
const NON_PHONE_LABEL = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${NON_PHONE_LABELS_ALONE.join('|')})(?:${NR})?|(?:${NON_PHONE_LABELS_WITH_NR.join('|')})${NR})[\\s:#.=]*(?:\\d{4}[\\s,/-]+)?$`,
  'iu',
);
const LABEL_WINDOW = 40;

/** Whether the text holds a phone number that no explicit non-phone label names as something else. */
function holdsPhoneNumber(text: string): boolean {
  PHONE.lastIndex = 0;
  for (let m = PHONE.exec(text); m; m = PHONE.exec(text)) {
    if (!NON_PHONE_LABEL.test(text.slice(Math.max(0, m.index - LABEL_WINDOW), m.index))) return true;
  }
  return false;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A compiled word list of one municipality: whole words, case-insensitive. */
export class WordList {
  private readonly pattern: RegExp | undefined;
  private readonly source: string | undefined;

  constructor(readonly words: readonly string[]) {
    const cleaned = words.map((w) => w.trim()).filter((w) => w.length > 1);
    this.source = cleaned.length
      ? `(?<![\\p{L}\\p{N}])(?:${cleaned.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`
      : undefined;
    this.pattern = this.source ? new RegExp(this.source, 'iu') : undefined;
  }

  matches(text: string): boolean {
    return this.pattern ? this.pattern.test(text) : false;
  }

  /** Where the list's words occur in the text (UTF-16 offsets). */
  occurrences(text: string): Array<{ start: number; end: number }> {
    if (!this.source) return [];
    return Array.from(text.matchAll(new RegExp(this.source, 'giu')), (m) => ({
      start: m.index,
      end: m.index + m[0].length,
    }));
  }
}

export const EMPTY_WORD_LIST = new WordList([]);

export interface ScanOptions {
  /**
   * The text is an identifier by its field (a sagsnummer, a benefit's id): the field names what the number
   * is, as a label would, so the phone rule does not apply. The CPR, e-mail and word rules do.
   */
  identifier?: boolean;
}

/**
 * The safety net: reasons why a citizen-visible text must be held back (CPR-like numbers, e-mail
 * addresses, phone numbers, the owning municipality's word list). Empty when the text is fit.
 */
export function scanUnfitText(
  text: string,
  words: WordList = EMPTY_WORD_LIST,
  options: ScanOptions = {},
): UnfitTextHit[] {
  const hits: UnfitTextHit[] = [];
  // most titles hold no digit at all, and then neither a CPR-like nor a phone number
  const digits = /\d/.test(text);
  const cpr = digits ? detectCprLikeNumbers(text) : [];
  if (cpr.length) {
    const high = cpr.some((h) => h.confidence === 'high');
    hits.push({ kind: 'CPR', rule: 'SAFETY-CPR', reason: `CPR-like number (${high ? 'high' : 'medium'} confidence)` });
  }
  // the pattern is costly to try at every position; a text without `@` holds no address
  if (text.includes('@') && EMAIL.test(text))
    hits.push({ kind: 'EMAIL', rule: 'SAFETY-EMAIL', reason: 'e-mail address' });
  // a CPR-like number is also 10 digits; do not report it twice as a phone number
  if (digits && !cpr.length && !options.identifier && holdsPhoneNumber(text))
    hits.push({ kind: 'PHONE', rule: 'SAFETY-PHONE', reason: 'phone number' });
  if (words.matches(text)) hits.push({ kind: 'WORD', rule: 'SAFETY-WORD', reason: "word on the municipality's list" });
  return hits;
}
