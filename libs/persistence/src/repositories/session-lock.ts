import type { DataSource } from 'typeorm';

/**
 * Runs `fn` only if no other process runs it under the same lock (a session advisory lock on one
 * connection held for the whole run); undefined when another holds it.
 */
export async function exclusively<T>(db: DataSource, lockName: string, fn: () => Promise<T>): Promise<T | undefined> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('select pg_try_advisory_lock(hashtext($1)) as locked', [lockName])) as Array<{
      locked: boolean;
    }>;
    if (!row?.locked) return undefined;
    try {
      return await fn();
    } finally {
      await runner.query('select pg_advisory_unlock(hashtext($1))', [lockName]);
    }
  } finally {
    await runner.release();
  }
}
