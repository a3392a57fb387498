import { createOwnTestDatabase as createTestDatabase, type OwnTestDatabase as TestDatabase } from './own-test-database';

const TABLES = [
  'municipality',
  'fagsystem',
  'fagsystem_connection',
  'kle_catalogue_version',
  'kle_node',
  'kle_config',
  'kle_config_fagsystem',
  'kle_contact_point',
  'safety_word',
  'object_locator',
  'sag',
  'dokument',
  'sag_dokument',
  'bevilling',
  'effektuering',
  'index_registration',
  'citizen_overview',
  'delivery',
  'delivery_item',
  'dead_letter',
  'held_record',
];

async function tables(db: TestDatabase): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await db.dataSource.query(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'schema_migration' order by 1`,
  );
  return rows.map((r) => r.table_name);
}

describe('migrations on a fresh PostgreSQL database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.drop());

  it('create every table on the way up', async () => {
    const applied = await db.dataSource.runMigrations();
    expect(applied.length).toBe(db.dataSource.migrations.length);
    expect(await tables(db)).toEqual(expect.arrayContaining(TABLES));
  });

  it('are not pending after the way up', async () => {
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it('remove every table on the way down, one migration at a time', async () => {
    for (let i = 0; i < db.dataSource.migrations.length; i++) await db.dataSource.undoLastMigration();
    expect(await tables(db)).toEqual([]);
  });

  it('can go up again after going down', async () => {
    await db.dataSource.runMigrations();
    expect(await tables(db)).toEqual(expect.arrayContaining(TABLES));
  });

  it('keep the citizen key first in the primary key of every citizen-facing table', async () => {
    const rows: Array<{ table_name: string; column_name: string }> = await db.dataSource.query(`
      select tc.table_name, kcu.column_name
        from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu
          on kcu.constraint_name = tc.constraint_name and kcu.ordinal_position = 1
       where tc.constraint_type = 'PRIMARY KEY'
         and tc.table_name in ('sag','dokument','sag_dokument','bevilling','effektuering','index_registration','citizen_overview')`);
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row.column_name).toBe('citizen_key');
  });
});
