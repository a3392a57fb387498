import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { dropDatabase, ensureDatabase, withDatabase } from './database-admin';

// libs/testing builds on this lib, so this lib's own integration tests make their databases here.
// Not exported from the barrel.
export interface OwnTestDatabase {
  dataSource: DataSource;
  drop(): Promise<void>;
}

export async function createOwnTestDatabase(options: { migrate: boolean }): Promise<OwnTestDatabase> {
  const server = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = withDatabase(server, `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`);
  await ensureDatabase(url);
  const dataSource = createDataSource({ url, poolSize: 5 });
  await dataSource.initialize();
  if (options.migrate) await dataSource.runMigrations();
  return {
    dataSource,
    async drop() {
      await dataSource.destroy();
      await dropDatabase(url);
    },
  };
}
