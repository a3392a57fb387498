/**
 * What one access-log append costs PostgreSQL, by the shape of its statement (not a test): pgbench, one
 * client, on the migrated access-log tables in a database of its own (dropped afterwards), the
 * shapes taking turns so that a noisy machine weighs on each alike. Per shape: transactions per second
 * and the machine's user and system CPU per transaction (/proc/stat; pgbench's own share is in it,
 * alike for every shape). Each transaction appends two records.
 *   - `head-per-batch`: the batch and the head row moved in the same statement (before ADR 0002 §4);
 *   - `lock-and-insert`: the chain's advisory lock and the batch, numbered on from the last record (the
 *     fast path now);
 *   - `lock-insert-and-checkpoint`: the same and the checkpoint moved forward (once a second now).
 *   npm run -s ts -- tools/bench/access-log.probe.ts [--rounds 3] [--seconds 6]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ACCESS_LOG_CHAIN_LOCK,
  createDataSource,
  dropDatabase,
  ensureDatabase,
  withDatabase,
} from '@overblik/persistence';
import { PGBENCH, pgbenchConnection } from './pgbench';
import { machineCpuMs } from './proc-stats';

const SERVER = process.env['DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Two records, as the API's statement sends them (comma-joined lists, arrays per column), into the migrated table. */
const INSERT = `insert into access_log (seq, at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)
select nextval('access_log_probe_seq'), r.at, r.client_id, r.purpose, r.citizen_key, string_to_array(r.municipalities, ','), string_to_array(r.record_ids, ',')::uuid[], r.flagged, r.prev_hash, r.hash
  from unnest(array[now(), now()]::timestamptz[], array['orkestrering','orkestrering']::text[], array['MIT_OVERBLIK','MIT_OVERBLIK']::text[],
              array[md5(:k::text), md5((:k + 1)::text)]::text[], array['29189846,55133018','29189846']::text[],
              array['6f1c1a1e-0000-4000-8000-000000000001,6f1c1a1e-0000-4000-8000-000000000002','6f1c1a1e-0000-4000-8000-000000000003']::text[],
              array[false,false]::boolean[], array[repeat('a',64), repeat('b',64)]::text[], array[repeat('c',64), repeat('d',64)]::text[])
       as r(at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)`;
const MOVE_HEAD = `update access_log_head set seq = seq + 2, hash = md5(:k::text) || md5(:k::text) where id = 1`;

const SHAPES: Record<string, string> = {
  'head-per-batch': `with moved as (${MOVE_HEAD} returning 1)
${INSERT}
 where exists (select 1 from moved);`,
  'lock-and-insert': `with chain_lock as (select pg_advisory_xact_lock(${ACCESS_LOG_CHAIN_LOCK}))
${INSERT}
 where exists (select 1 from chain_lock);`,
  'lock-insert-and-checkpoint': `with chain_lock as (select pg_advisory_xact_lock(${ACCESS_LOG_CHAIN_LOCK})),
     checkpoint as (${MOVE_HEAD} and exists (select 1 from chain_lock))
${INSERT}
 where exists (select 1 from chain_lock);`,
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '6' } },
  });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const url = withDatabase(SERVER, `probe_access_log_${Date.now().toString(36)}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'access-log-probe-'));
  const results: Record<string, Array<{ tps: number; userUsPerTx: number; systemUsPerTx: number }>> = {};
  await ensureDatabase(url);
  try {
    // the real tables, from the migrations; a sequence numbers pgbench's records
    const db = createDataSource({ url, poolSize: 1 });
    await db.initialize();
    await db.runMigrations();
    await db.query('create sequence access_log_probe_seq');
    await db.destroy();
    for (let round = 0; round < rounds; round++) {
      for (const [shape, statement] of Object.entries(SHAPES)) {
        const script = path.join(dir, `${shape}.sql`);
        writeFileSync(script, `\\set k random(1, 100000000)\n${statement}\n`);
        const before = machineCpuMs();
        const out = execFileSync(
          PGBENCH,
          ['-n', '-c', '1', '-T', String(seconds), '-f', script, ...pgbenchConnection(url)],
          { encoding: 'utf8' },
        );
        const after = machineCpuMs();
        const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
        (results[shape] ??= []).push({
          tps: Math.round(transactions / seconds),
          userUsPerTx: Math.round(((after.userMs - before.userMs) * 1000) / transactions),
          systemUsPerTx: Math.round(((after.systemMs - before.systemMs) * 1000) / transactions),
        });
      }
    }
  } finally {
    await dropDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ clients: 1, seconds, rounds, recordsPerTransaction: 2, results }, null, 1));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
