import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';

/**
 * Bulk loading of synthetic data into a freshly migrated database with COPY (benchmarks, national-scale
 * test data). Not for production ingestion: it skips the inbox, the rules and the history, and writes
 * the index tables and the read model as the worker would leave them.
 */
export const BULK_TABLES = {
  citizen_overview: ['citizen_key', 'body', 'revision'],
  object_locator: ['id', 'kind', 'citizen_key', 'owner_cvr', 'master_fagsystem', 'source_tidspunkt', 'removed_at'],
  sag: ['citizen_key', 'id', 'owner_cvr', 'master_fagsystem', 'kle', 'opstaaet_at', 'source_tidspunkt', 'body'],
  dokument: ['citizen_key', 'id', 'owner_cvr', 'master_fagsystem', 'dokumenttype', 'source_tidspunkt', 'body'],
  sag_dokument: ['citizen_key', 'sag_id', 'dokument_id', 'titel'],
  bevilling: ['citizen_key', 'id', 'sag_id', 'owner_cvr', 'master_fagsystem', 'source_tidspunkt', 'body'],
  effektuering: [
    'citizen_key',
    'id',
    'owner_cvr',
    'master_fagsystem',
    'bevilling_ids',
    'dispositionsdato',
    'source_tidspunkt',
    'body',
  ],
  held_record: ['citizen_key', 'object_id', 'kind', 'owner_cvr', 'pointer', 'reason'],
  /** Benchmark artefact (see BENCH_CITIZEN_KEY_TABLE), not part of the schema. */
  bench_citizen_key: ['n', 'citizen_key'],
} as const;

export type BulkTable = keyof typeof BULK_TABLES;
/** A value of one COPY column: text as is, null as SQL NULL, a string array as a PostgreSQL array. */
export type CopyValue = string | number | null | readonly string[];

/** The table the overview benchmark draws random citizen keys from (a benchmark artefact, not schema). */
export const BENCH_CITIZEN_KEY_TABLE = 'bench_citizen_key';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyField(v: CopyValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  // arrays hold uuids only (no quoting needed inside the literal)
  const text = typeof v === 'string' ? v : `{${v.join(',')}}`;
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : text;
}

/**
 * One COPY … FROM STDIN stream into a table; rows are buffered and written with backpressure. A COPY is
 * one statement: it lands whole when the stream ends, and not at all when the connection closes first.
 * A transactional writer also keeps the finished COPY uncommitted until `commit`, so several streams
 * can be committed together once all of them have succeeded.
 */
export class CopyWriter {
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private failure: Error | undefined;
  rows = 0;

  constructor(
    private readonly stream: Writable,
    private readonly client: Client,
    readonly table: BulkTable,
    private readonly transactional = false,
  ) {
    // a failed COPY (a duplicate key, a lost connection) is reported by the next row/finish, not thrown
    // from an unheeded 'error' event
    stream.on('error', (e: Error) => {
      this.failure ??= e;
    });
    client.on('error', (e: Error) => {
      this.failure ??= e;
    });
  }

  /** Queue one row (values in the order of BULK_TABLES[table]); resolves when the stream can take more. */
  async row(values: readonly CopyValue[]): Promise<void> {
    if (this.failure) throw this.failed();
    const line = values.map(copyField).join('\t') + '\n';
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    this.rows++;
    if (this.bufferedBytes >= 256 * 1024) await this.flush();
  }

  private failed(): Error {
    return new Error(`COPY into ${this.table} failed: ${this.failure?.message ?? 'unknown error'}`);
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bufferedBytes = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flush and end the COPY; resolves when the server has taken every row (not yet committed if transactional). */
  async finish(): Promise<void> {
    if (this.failure) throw this.failed();
    await this.flush();
    const done = once(this.stream, 'finish');
    this.stream.end();
    try {
      await done;
    } catch {
      throw this.failed();
    }
  }

  /** Commit a transactional writer's finished COPY, then close the connection. */
  async commit(): Promise<void> {
    if (this.transactional) await this.client.query('commit');
    await this.client.end();
  }

  /** Flush, end the COPY and wait for the server to confirm it (and commit it). */
  async end(): Promise<void> {
    await this.finish();
    await this.commit();
  }

  /** Close the connection without ending the COPY or committing: the server drops what this stream wrote. */
  async abort(): Promise<void> {
    this.buffer = [];
    await this.client.end().catch(() => undefined);
  }
}

interface SavedIndex {
  table: string;
  name: string;
  /** `alter table … add constraint …` for a primary key, `create index …` otherwise. */
  recreate: string;
  drop: string;
}

/**
 * Writes synthetic data with COPY: for a load into empty tables, primary keys and indexes are dropped
 * first and rebuilt after; a top-up of filled tables COPYs into them with their keys in place.
 */
export class BulkLoadRepository {
  private saved: SavedIndex[] = [];

  constructor(private readonly db: DataSource) {}

  /** Tables among these that already hold rows (a bulk load expects empty ones). */
  async nonEmptyTables(tables: readonly BulkTable[]): Promise<string[]> {
    const out: string[] = [];
    for (const t of tables) {
      const rows: unknown[] = await this.db.query(`select 1 from ${t} limit 1`);
      if (rows.length) out.push(t);
    }
    return out;
  }

  /**
   * Drop the primary keys and secondary indexes of these (empty) tables; `rebuildIndexes` puts the
   * same definitions back. Building an index once, sorted, is far faster than growing it by random keys.
   */
  async dropIndexes(tables: readonly BulkTable[]): Promise<void> {
    const rows: Array<{ table: string; name: string; constraint_def: string | null; index_def: string }> =
      await this.db.query(
        `select t.relname as table, i.relname as name, pg_get_indexdef(i.oid) as index_def,
              (select pg_get_constraintdef(c.oid) from pg_constraint c where c.conindid = i.oid and c.contype in ('p','u')) as constraint_def
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
         join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = current_schema() and t.relname = any($1::text[])`,
        [tables],
      );
    for (const r of rows) {
      const saved: SavedIndex = r.constraint_def
        ? {
            table: r.table,
            name: r.name,
            recreate: `alter table ${r.table} add constraint ${r.name} ${r.constraint_def}`,
            drop: `alter table ${r.table} drop constraint ${r.name}`,
          }
        : { table: r.table, name: r.name, recreate: r.index_def, drop: `drop index ${r.name}` };
      await this.db.query(saved.drop);
      this.saved.push(saved);
    }
  }

  /** Put back what `dropIndexes` dropped, then ANALYZE the tables. Returns the time per index in ms. */
  async rebuildIndexes(maintenanceWorkMem = '1GB'): Promise<Array<{ name: string; ms: number }>> {
    const times: Array<{ name: string; ms: number }> = [];
    const runner = this.db.createQueryRunner();
    try {
      await runner.query(`set maintenance_work_mem = '${maintenanceWorkMem.replace(/[^0-9A-Za-z]/g, '')}'`);
      for (const s of this.saved) {
        const started = Date.now();
        await runner.query(s.recreate);
        times.push({ name: s.name, ms: Date.now() - started });
      }
      for (const t of new Set(this.saved.map((s) => s.table))) await runner.query(`analyze ${t}`);
    } finally {
      await runner.release();
    }
    this.saved = [];
    return times;
  }

  /**
   * Open a COPY stream into one table on a connection of its own (outside the pool, so any number of
   * streams can be open while the pool serves other queries); `CopyWriter.end` closes it. With
   * `transaction`, the COPY runs inside a transaction that only `CopyWriter.commit` commits.
   */
  async openCopy(table: BulkTable, options: { transaction?: boolean } = {}): Promise<CopyWriter> {
    // the connection settings of a postgres DataSource (a URL, or host/port/user/database)
    const o = this.db.options as {
      url?: string;
      host?: string;
      port?: number;
      username?: string;
      password?: unknown;
      database?: string;
    };
    const client = new Client(
      o.url
        ? { connectionString: o.url, application_name: 'overblik-bulk-load' }
        : {
            host: o.host,
            port: o.port,
            user: o.username,
            password: typeof o.password === 'string' ? o.password : undefined,
            database: o.database,
            application_name: 'overblik-bulk-load',
          },
    );
    await client.connect();
    // a bulk load is repeatable: losing the last commits in a crash costs nothing
    await client.query('set synchronous_commit = off');
    if (options.transaction) await client.query('begin');
    const stream = client.query(copyFrom(`copy ${table} (${BULK_TABLES[table].join(', ')}) from stdin`));
    return new CopyWriter(stream, client, table, options.transaction ?? false);
  }

  /**
   * The table the overview benchmark draws random citizens from (n = 1..count, a keys table for
   * pgbench); created empty here, filled with `openCopy('bench_citizen_key')`, keyed by
   * `finishBenchCitizenKeys`. Dropped with the database; not part of the schema.
   */
  async createBenchCitizenKeys(): Promise<void> {
    await this.db.query(`drop table if exists ${BENCH_CITIZEN_KEY_TABLE}`);
    await this.db.query(`create table ${BENCH_CITIZEN_KEY_TABLE} (n integer not null, citizen_key text not null)`);
  }

  async finishBenchCitizenKeys(): Promise<void> {
    await this.db.query(`alter table ${BENCH_CITIZEN_KEY_TABLE} add primary key (n)`);
    await this.db.query(`analyze ${BENCH_CITIZEN_KEY_TABLE}`);
  }

  /**
   * What a top-up needs to know of an earlier load: how many citizens `bench_citizen_key` holds and the
   * keys of citizens n (undefined when the table is missing: the database was not bulk-loaded).
   */
  async benchCitizenKeys(ns: readonly number[]): Promise<{ count: number; keys: Map<number, string> } | undefined> {
    const [exists]: Array<{ t: string | null }> = await this.db.query(`select to_regclass($1)::text as t`, [
      BENCH_CITIZEN_KEY_TABLE,
    ]);
    if (!exists?.t) return undefined;
    const [count]: Array<{ n: number }> = await this.db.query(
      `select count(*)::int as n from ${BENCH_CITIZEN_KEY_TABLE}`,
    );
    const rows: Array<{ n: number; citizen_key: string }> = await this.db.query(
      `select n, citizen_key from ${BENCH_CITIZEN_KEY_TABLE} where n = any($1::int[])`,
      [ns],
    );
    return { count: count?.n ?? 0, keys: new Map(rows.map((r) => [r.n, r.citizen_key])) };
  }

  /** The ids of the index objects (cases, documents, grants, payments) stored for one citizen. */
  async objectIdsOf(citizenKey: string): Promise<string[]> {
    // by the tables' primary keys (citizen_key first), not object_locator, which has no index on it
    const rows: Array<{ id: string }> = await this.db.query(
      `select id::text as id from sag where citizen_key = $1 union all select id::text from dokument where citizen_key = $1
       union all select id::text from bevilling where citizen_key = $1 union all select id::text from effektuering where citizen_key = $1`,
      [citizenKey],
    );
    return rows.map((r) => r.id);
  }

  /**
   * How many citizens whose index (n − 1) falls in slots [fromSlot, toSlot) of each thousand already
   * have rows in the index tables (object_locator or held_record); a top-up of those slots expects none.
   */
  async citizensWithIndexRows(fromSlot: number, toSlot: number): Promise<number> {
    const [row]: Array<{ n: number }> = await this.db.query(
      // one semi-join over both tables (object_locator has no index on citizen_key: an OR of two EXISTS
      // would scan it once per citizen)
      `select count(*)::int as n from ${BENCH_CITIZEN_KEY_TABLE} k
        where (k.n - 1) % 1000 >= $1 and (k.n - 1) % 1000 < $2
          and k.citizen_key in (select o.citizen_key from object_locator o union all select h.citizen_key from held_record h)`,
      [fromSlot, toSlot],
    );
    return row?.n ?? 0;
  }

  /** Refresh the planner's statistics of these tables. */
  async analyze(tables: readonly BulkTable[]): Promise<void> {
    for (const t of tables) await this.db.query(`analyze ${t}`);
  }

  /** Rows and bytes on disk (table, TOAST and indexes) of these tables, and of the whole database. */
  async sizes(tables: readonly string[]): Promise<{
    tables: Array<{ table: string; rows: number; totalBytes: number; indexBytes: number }>;
    databaseBytes: number;
  }> {
    const rows: Array<{ table: string; rows: string; total: string; idx: string }> = await this.db.query(
      `select c.relname as table, c.reltuples::bigint as rows, pg_total_relation_size(c.oid) as total, pg_indexes_size(c.oid) as idx
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relname = any($1::text[]) order by c.relname`,
      [tables],
    );
    const [db]: Array<{ bytes: string }> = await this.db.query('select pg_database_size(current_database()) as bytes');
    return {
      tables: rows.map((r) => ({
        table: r.table,
        rows: Math.max(0, Number(r.rows)),
        totalBytes: Number(r.total),
        indexBytes: Number(r.idx),
      })),
      databaseBytes: Number(db?.bytes ?? 0),
    };
  }
}
