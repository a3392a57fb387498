import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, dropDatabase, ensureDatabase, withDatabase } from '@overblik/persistence';

export const TEST_DATABASE_SERVER_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A fresh database of its own for one test file, with the migrations applied (unless `migrate: false`).
 * Always call `drop()` in afterAll.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(TEST_DATABASE_SERVER_URL, name);
  await ensureDatabase(url);
  const dataSource = createDataSource({ url, poolSize: 5, applicationName: 'overblik-test' });
  await dataSource.initialize();
  if (options.migrate !== false) await dataSource.runMigrations();
  return {
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(url);
    },
  };
}
