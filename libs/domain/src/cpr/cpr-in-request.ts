import { containsCprLikeNumber, maskCprLikeNumbers } from './cpr-like-number.detector';

/**
 * The shape of an identifier a client chooses and the platform writes to a log line or a metric label
 * (a token's `sub`, a client id): letters, digits and `. _ : @ -`, at most 128 characters.
 */
export const CLIENT_IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** A fagsystem id (the `fagsystem` table's check): lower-case letters, digits and `-`, 2–63 characters. */
export const FAGSYSTEM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Whether a client-chosen value has the shape and holds no CPR-like number, so it may be logged or be a label. */
export function isSafeClientIdentifier(value: unknown, pattern: RegExp = CLIENT_IDENTIFIER_PATTERN): value is string {
  return typeof value === 'string' && pattern.test(value) && !containsCprLikeNumber(value);
}

/** Percent-decoding that never throws: a malformed escape is decoded byte by byte, or left as it is. */
function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** Whether the query string of a request target (`/path?query`) holds a CPR-like number, encoded or not. */
export function queryHoldsCprLikeNumber(url: string): boolean {
  const at = url.indexOf('?');
  if (at < 0) return false;
  const query = url.slice(at + 1);
  return containsCprLikeNumber(query) || containsCprLikeNumber(decodeLeniently(query.replace(/\+/g, ' ')));
}

/**
 * A request target's path as it may be logged: without the query, every CPR-like number masked, also one
 * written percent-encoded (then the decoded path is logged, masked).
 */
export function loggablePath(url: string): string {
  const at = url.indexOf('?');
  const masked = maskCprLikeNumbers(at < 0 ? url : url.slice(0, at));
  const decoded = decodeLeniently(masked);
  return containsCprLikeNumber(decoded) ? maskCprLikeNumbers(decoded) : masked;
}
