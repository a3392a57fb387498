// eslint-disable-next-line no-control-regex -- the NUL character is what this pattern exists to find
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A JSON value PostgreSQL's jsonb accepts: the NUL character and lone UTF-16 surrogates (which jsonb
 * refuses) become U+FFFD in every string and key. Used for what is kept of a refused line.
 */
export function jsonbSafe(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD');
  if (Array.isArray(value)) return value.map(jsonbSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(UNSTORABLE, '\uFFFD'), jsonbSafe(v)] as const),
    );
  }
  return value;
}
