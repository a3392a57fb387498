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
 * Six digits, at most one separator (space, no-break space, `-`, `/`, `.`), four digits. Not inside a
 * longer digit run, and not glued to a decimal or thousands part (`123456.7890,50`, `1.123456-7890`).
 */
const CPR_LIKE = /(?<!\d)(?<!\d[.,])(\d{6})[ \u00a0\-/.]?(\d{4})(?![.,]?\d)/g;

/**
 * Finds CPR-like numbers: the digit pattern above with a date that exists under the CPR century rule.
 * Modulus 11 only sets the confidence (high when it holds, medium otherwise), never excludes a hit.
 */
export function detectCprLikeNumbers(text: string): CprHit[] {
  const hits: CprHit[] = [];
  for (const m of text.matchAll(CPR_LIKE)) {
    const parsed = parseCpr(`${m[1]}${m[2]}`);
    if (!parsed.ok) continue;
    const start = m.index;
    hits.push({
      start,
      end: start + m[0].length,
      match: m[0],
      confidence: parsed.cpr.modulus11 ? 'high' : 'medium',
      reason: parsed.cpr.modulus11 ? CPR_HIT_REASON_MODULUS_11 : CPR_HIT_REASON_NO_MODULUS_11,
    });
  }
  return hits;
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
