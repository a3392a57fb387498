/** The rule a client is told about when PostgreSQL cannot be reached: try again later, nothing was done. */
export const DATABASE_UNAVAILABLE_RULE = 'SERVICE-DATABASE-UNAVAILABLE';
/** Seconds a client is asked to wait (Retry-After) before it tries again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or not taking connections: 57P01 admin_shutdown, 57P02
 * crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections (class 08, connection
 * exceptions, is matched by its prefix).
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Messages of node-postgres, its pool and TypeORM when a connection is missing, lost or timed out. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/i,
  /^timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /^Client was closed and is not queryable/i,
  /^Cannot use a pool after calling end on the pool/i,
  /^Query read timeout/i,
  /connection is not yet established/i,
];

/** TypeORM's errors for a data source without a connection. */
const CONNECTION_ERROR_NAMES = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/**
 * Whether an error means PostgreSQL cannot be reached right now (refused, reset, timed out, shutting
 * down, a pool that cannot connect), as opposed to a query that failed. Looks through TypeORM's
 * `driverError` and the attempts of an AggregateError (a host name with several addresses).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 3) return false;
  const e = error as ErrorShape;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.name === 'string' && CONNECTION_ERROR_NAMES.has(e.name)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (e.driverError !== undefined && isDatabaseUnavailable(e.driverError, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
