/** PostgreSQL's serialization failure and deadlock: the transaction was rolled back and may simply run again. */
const CONFLICT_CODES: ReadonlySet<string> = new Set(['40001', '40P01']);

/** The SQLSTATE of an error from TypeORM (its driver error) or from pg directly. */
export function sqlStateOf(e: unknown): string | undefined {
  const err = e as { code?: string; driverError?: { code?: string } } | null;
  return err?.driverError?.code ?? err?.code;
}

/** Whether the error is a serialization failure or a deadlock PostgreSQL detected. */
export function isTransactionConflict(e: unknown): boolean {
  const code = sqlStateOf(e);
  return code !== undefined && CONFLICT_CODES.has(code);
}

export interface ConflictRetryOptions {
  /** How often the work runs at most (the first run included). */
  attempts: number;
  /** Told before each retry, with the conflict's SQLSTATE and the attempt that failed. */
  onRetry?: (code: string, attempt: number) => void;
}

/**
 * Runs a transaction's work again when PostgreSQL rolled it back for a serialization failure or a
 * deadlock (each run is a fresh transaction); any other error, or the last attempt's, is thrown.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, options: ConflictRetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (!isTransactionConflict(e) || attempt >= options.attempts) throw e;
      options.onRetry?.(sqlStateOf(e)!, attempt);
    }
  }
}
