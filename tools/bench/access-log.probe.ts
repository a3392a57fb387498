/**
 * What one access-log append costs PostgreSQL, by the shape of its statement (not a test): pgbench, one
 * client, on a scratch copy of the access-log tables in a database of its own (dropped afterwards), the
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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const PGBENCH = process.env['PGBENCH'] ?? '/usr/lib/postgresql/15/bin/pgbench';
const SERVER = { host: '127.0.0.1', port: '5432', user: 'postgres' };
const DATABASE = 'overblik_probe_access_log';

const SETUP = `
create sequence al_seq;
create table al (seq bigint primary key, at timestamptz not null, client_id text not null, purpose text not null,
  citizen_key text not null, municipalities text[] not null, record_ids uuid[] not null, flagged boolean not null default false,
  prev_hash char(64) not null, hash char(64) not null);
create index al_by_citizen on al (citizen_key, seq desc);
create table al_head (id smallint primary key default 1 check (id = 1), seq bigint not null, hash char(64) not null);
insert into al_head values (1, 0, repeat('0', 64));`;

/** Two records, as the API's statement sends them (comma-joined lists, arrays per column). */
const INSERT = `insert into al (seq, at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)
select nextval('al_seq'), r.at, r.client_id, r.purpose, r.citizen_key, string_to_array(r.municipalities, ','), string_to_array(r.record_ids, ',')::uuid[], r.flagged, r.prev_hash, r.hash
  from unnest(array[now(), now()]::timestamptz[], array['orkestrering','orkestrering']::text[], array['MIT_OVERBLIK','MIT_OVERBLIK']::text[],
              array[md5(:k::text), md5((:k + 1)::text)]::text[], array['29189846,55133018','29189846']::text[],
              array['6f1c1a1e-0000-4000-8000-000000000001,6f1c1a1e-0000-4000-8000-000000000002','6f1c1a1e-0000-4000-8000-000000000003']::text[],
              array[false,false]::boolean[], array[repeat('a',64), repeat('b',64)]::text[], array[repeat('c',64), repeat('d',64)]::text[])
       as r(at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)`;

const SHAPES: Record<string, string> = {
  'head-per-batch': `with moved as (update al_head set seq = seq + 2, hash = md5(:k::text) || md5(:k::text) where id = 1 returning 1)
${INSERT}
 where exists (select 1 from moved);`,
  'lock-and-insert': `with chain_lock as (select pg_advisory_xact_lock(741190021))
${INSERT}
 where exists (select 1 from chain_lock);`,
  'lock-insert-and-checkpoint': `with chain_lock as (select pg_advisory_xact_lock(741190021)),
     checkpoint as (update al_head set seq = seq + 2, hash = md5(:k::text) || md5(:k::text) where id = 1 and seq >= 0 and exists (select 1 from chain_lock))
${INSERT}
 where exists (select 1 from chain_lock);`,
};

/** [user, system] jiffies of the whole machine so far (/proc/stat, first line). */
function machineJiffies(): [number, number] {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return [f[0]! + f[1]!, f[2]! + f[5]! + f[6]!];
}

function psql(database: string, sql: string): void {
  execFileSync('psql', ['-q', '-h', SERVER.host, '-p', SERVER.port, '-U', SERVER.user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'pipe' });
}

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '6' } } });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const dir = mkdtempSync(path.join(tmpdir(), 'access-log-probe-'));
  psql('postgres', `drop database if exists ${DATABASE}`);
  psql('postgres', `create database ${DATABASE}`);
  const results: Record<string, Array<{ tps: number; userUsPerTx: number; systemUsPerTx: number }>> = {};
  try {
    psql(DATABASE, SETUP);
    for (let round = 0; round < rounds; round++) {
      for (const [shape, statement] of Object.entries(SHAPES)) {
        const script = path.join(dir, `${shape}.sql`);
        writeFileSync(script, `\\set k random(1, 100000000)\n${statement}\n`);
        const [u0, s0] = machineJiffies();
        const out = execFileSync(PGBENCH, ['-n', '-h', SERVER.host, '-p', SERVER.port, '-U', SERVER.user, '-c', '1', '-T', String(seconds), '-f', script, DATABASE], { encoding: 'utf8' });
        const [u1, s1] = machineJiffies();
        const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
        (results[shape] ??= []).push({
          tps: Math.round(transactions / seconds),
          userUsPerTx: Math.round(((u1 - u0) * 10_000) / transactions),
          systemUsPerTx: Math.round(((s1 - s0) * 10_000) / transactions),
        });
      }
    }
  } finally {
    psql('postgres', `drop database if exists ${DATABASE}`);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ clients: 1, seconds, rounds, recordsPerTransaction: 2, results }, null, 1));
}

main();
