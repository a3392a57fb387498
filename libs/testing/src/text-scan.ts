import type { DataSource } from 'typeorm';

/** Where a text occurs in the database: `table.column` and how many rows hold it. */
export interface TextHit {
  column: string;
  rows: number;
}

/**
 * Every column of every table in the public schema whose text form holds one of `needles` (text, JSON,
 * arrays, bytea as its hex text aside): what a test scans to prove a value is stored nowhere.
 */
export async function columnsContaining(dataSource: DataSource, needles: readonly string[]): Promise<TextHit[]> {
  const columns: Array<{ table_name: string; column_name: string }> = await dataSource.query(
    `select c.table_name, c.column_name
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name <> 'schema_migration'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
      order by 1, 2`,
  );
  const hits: TextHit[] = [];
  for (const { table_name, column_name } of columns) {
    const [row]: Array<{ n: number }> = await dataSource.query(
      `select count(*)::int as n from "${table_name}" where "${column_name}"::text like any($1::text[])`,
      [needles.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
    );
    if (row && row.n > 0) hits.push({ column: `${table_name}.${column_name}`, rows: row.n });
  }
  return hits;
}
