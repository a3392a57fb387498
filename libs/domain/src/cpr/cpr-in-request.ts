import { containsCprLikeNumber, CPR_MASK, detectCprLikeNumbers, maskCprLikeNumbers } from './cpr-like-number.detector';

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

/**
 * Where the query string of a request target (`/path?query`) holds a CPR-like number, percent-encoded or
 * not: `{ parameter }` names the parameter (null when its name itself holds the number, or the number
 * spans parameters' encoding); undefined when it holds none.
 */
export function cprLikeNumberInQuery(url: string): { parameter: string | null } | undefined {
  const at = url.indexOf('?');
  if (at < 0) return undefined;
  const query = url.slice(at + 1);
  for (const [name, value] of new URLSearchParams(query)) {
    if (containsCprLikeNumber(name)) return { parameter: null };
    if (containsCprLikeNumber(value)) return { parameter: name };
  }
  return containsCprLikeNumber(query) || containsCprLikeNumber(decodeLeniently(query.replace(/\+/g, ' ')))
    ? { parameter: null }
    : undefined;
}

/** Whether the query string of a request target holds a CPR-like number, encoded or not. */
export function queryHoldsCprLikeNumber(url: string): boolean {
  return cprLikeNumberInQuery(url) !== undefined;
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

/**
 * A serialised JSON log line with every CPR-like number masked, still valid JSON: inside a string the
 * number becomes `******-****`, as a bare number it becomes 0.
 */
export function maskCprLikeNumbersInJson(json: string): string {
  const hits = detectCprLikeNumbers(json);
  if (!hits.length) return json;
  let out = '';
  let from = 0;
  let inString = false;
  let i = 0;
  for (const hit of hits) {
    for (; i < hit.start; i++) {
      const c = json[i];
      if (c === '\\' && inString) i++;
      else if (c === '"') inString = !inString;
    }
    out += json.slice(from, hit.start) + (inString ? CPR_MASK : '0');
    from = hit.end;
    i = hit.end;
  }
  return out + json.slice(from);
}
