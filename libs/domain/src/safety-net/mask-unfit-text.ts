import { detectCprLikeNumbers } from '../cpr/cpr-like-number.detector';
import type { WordList } from './unfit-text.scanner';

export const MASK = '•';

const EMAIL = /[\w.+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Eight digits as a Danish number is written (8, 4+4 or 2+2+2+2), with +45/0045 or not. */
const PHONE = /(?<![\d+])(?:(?:\+|00)45[\s-]?)?(?:\d{8}|\d{4}[\s-]\d{4}|\d{2}(?:[\s-]\d{2}){3})(?!\d)/g;

/** The text with every character of [start, end) that is a letter or digit replaced by the mask. */
function maskRange(chars: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) if (/[\p{L}\p{N}]/u.test(chars[i]!)) chars[i] = MASK;
}

/**
 * A held text as an administrator may see it: CPR-like numbers, e-mail addresses, phone numbers and the
 * municipality's words masked (their letters and digits replaced by •), the rest left as context.
 * The masked text has the length of the text, so the context around a match stays where it was.
 */
export function maskUnfitText(text: string, words?: WordList): string {
  const chars = Array.from(text);
  // Array.from splits by code point; the patterns index by UTF-16 unit: map the one to the other
  const unitToChar: number[] = [];
  chars.forEach((c, i) => {
    for (let u = 0; u < c.length; u++) unitToChar.push(i);
  });
  unitToChar.push(chars.length);
  const mask = (start: number, end: number) => maskRange(chars, unitToChar[start]!, unitToChar[end]!);
  for (const hit of detectCprLikeNumbers(text)) mask(hit.start, hit.end);
  for (const m of text.matchAll(EMAIL)) mask(m.index, m.index + m[0].length);
  for (const m of text.matchAll(PHONE)) mask(m.index, m.index + m[0].length);
  for (const w of words?.occurrences(text) ?? []) mask(w.start, w.end);
  return chars.join('');
}
