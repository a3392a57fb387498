// Pure: the paging parameters `after` and `limit` of a list (no Nest, no Fastify, no Express here).
import type { RuleViolationOfRequest } from './request-rules';

/** The largest value of a PostgreSQL `integer` column (delivery_item.seq). */
export const PG_INTEGER_MAX = 2n ** 31n - 1n;
/** The largest value of a PostgreSQL `bigint` column (bigserial ids: dead_letter, held_record). */
export const PG_BIGINT_MAX = 2n ** 63n - 1n;

export interface PagingRange {
  /** The largest `after`: the range of the column it is compared with. */
  afterMax: bigint;
  limitMax: number;
  limitDefault: number;
}

export interface Page {
  /** Absent when the caller gave none (start from the beginning). */
  after: bigint | undefined;
  limit: number;
}

export type PagingResult = { ok: true; page: Page } | { ok: false; violations: RuleViolationOfRequest[] };

// decimal digits only: no sign, exponent, fraction, blank or hexadecimal; a length bound before BigInt
const DECIMAL = /^[0-9]{1,20}$/;

function wholeNumber(value: unknown, min: bigint, max: bigint): bigint | undefined {
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const n = BigInt(value);
  return n >= min && n <= max ? n : undefined;
}

/**
 * Reads `after` (0 … afterMax) and `limit` (1 … limitMax) from a query; each must be absent or one
 * string of decimal digits (a repeated parameter arrives as an array and is refused). A bad one gives
 * rule QUERY-PAGING-INVALID pointing at /query/after or /query/limit.
 */
export function parsePaging(query: { after?: unknown; limit?: unknown }, range: PagingRange): PagingResult {
  const violations: RuleViolationOfRequest[] = [];
  const after = query.after === undefined ? undefined : wholeNumber(query.after, 0n, range.afterMax);
  if (query.after !== undefined && after === undefined) {
    violations.push({
      rule: 'QUERY-PAGING-INVALID',
      pointer: '/query/after',
      message: `after must be decimal digits from 0 to ${range.afterMax}`,
    });
  }
  const limit =
    query.limit === undefined ? BigInt(range.limitDefault) : wholeNumber(query.limit, 1n, BigInt(range.limitMax));
  if (limit === undefined) {
    violations.push({
      rule: 'QUERY-PAGING-INVALID',
      pointer: '/query/limit',
      message: `limit must be decimal digits from 1 to ${range.limitMax}`,
    });
  }
  if (violations.length || limit === undefined) return { ok: false, violations };
  return { ok: true, page: { after, limit: Number(limit) } };
}
