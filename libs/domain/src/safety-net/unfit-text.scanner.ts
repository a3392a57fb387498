import { detectCprLikeNumbers } from '../cpr/cpr-like-number.detector';

export type UnfitTextKind = 'CPR' | 'EMAIL' | 'PHONE' | 'WORD';

/** One reason to hold a text back from citizens. Never carries the matched text itself. */
export interface UnfitTextHit {
  kind: UnfitTextKind;
  rule: string;
  reason: string;
}

const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/;
// Danish phone numbers: +45/0045 prefix optional, then 8 digits written as 8, 4+4 or 2+2+2+2.
const PHONE = /(?<![\d+])(?:(?:\+|00)45[\s-]?)?(?:\d{8}|\d{4}[\s-]\d{4}|\d{2}(?:[\s-]\d{2}){3})(?![\d])/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A compiled word list of one municipality: whole words, case-insensitive. */
export class WordList {
  private readonly pattern: RegExp | undefined;

  constructor(readonly words: readonly string[]) {
    const cleaned = words.map((w) => w.trim()).filter((w) => w.length > 1);
    this.pattern = cleaned.length
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${cleaned.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu')
      : undefined;
  }

  matches(text: string): boolean {
    return this.pattern ? this.pattern.test(text) : false;
  }
}

export const EMPTY_WORD_LIST = new WordList([]);

/**
 * The safety net: reasons why a citizen-visible text must be held back (CPR-like numbers, e-mail
 * addresses, phone numbers, the owning municipality's word list). Empty when the text is fit.
 */
export function scanUnfitText(text: string, words: WordList = EMPTY_WORD_LIST): UnfitTextHit[] {
  const hits: UnfitTextHit[] = [];
  const cpr = detectCprLikeNumbers(text);
  if (cpr.length) {
    const high = cpr.some((h) => h.confidence === 'high');
    hits.push({ kind: 'CPR', rule: 'SAFETY-CPR', reason: `CPR-like number (${high ? 'high' : 'medium'} confidence)` });
  }
  if (EMAIL.test(text)) hits.push({ kind: 'EMAIL', rule: 'SAFETY-EMAIL', reason: 'e-mail address' });
  // a CPR-like number is also 10 digits; do not report it twice as a phone number
  if (!cpr.length && PHONE.test(text)) hits.push({ kind: 'PHONE', rule: 'SAFETY-PHONE', reason: 'phone number' });
  if (words.matches(text)) hits.push({ kind: 'WORD', rule: 'SAFETY-WORD', reason: "word on the municipality's list" });
  return hits;
}
