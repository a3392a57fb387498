import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const migrations = readdirSync(__dirname).filter((f) => f.endsWith('.migration.ts'));

describe('migrations', () => {
  it('finds the migrations to check', () => {
    expect(migrations.length).toBeGreaterThan(0);
  });

  it.each(migrations)('%s asks only for column compression every PostgreSQL build has (pglz)', (file) => {
    const sql = readFileSync(path.join(__dirname, file), 'utf8');
    const methods = [...sql.matchAll(/compression\s+([a-z0-9_]+)/gi)].map((m) => (m[1] ?? '').toLowerCase());
    expect(methods.filter((m) => m !== 'pglz' && m !== 'default')).toEqual([]);
  });
});
