/**
 * Bulk loader: the generator's citizens straight into a migrated database with COPY, as the worker
 * would have left them (index tables, object locator, held texts, and the per-citizen read model).
 *   npm run generate:bulk -- --seed 42 --citizens 1000000 --database-url postgres://postgres@127.0.0.1:5432/overblik_bench
 *     [--index-share 0.1] [--dirty 0] [--as-of 2026-11-01] [--recreate]
 * CPR_HASH_KEY (env, ≥ 32 characters) must be the key the API runs with; default: the benchmark key.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { cprKey, projectCitizenOverview, type RuleContext } from '@overblik/domain';
import { labourMarketSeed } from '@overblik/kle';
import type { DataSource } from 'typeorm';
import { BulkLoadRepository, type BulkTable, type CopyWriter, createDataSource, dropDatabase, ensureDatabase } from '@overblik/persistence';
import { acceptCitizen, type AcceptedCitizen, sagLinks } from './citizen-rows';
import { DEFAULT_AS_OF, generateCitizen, type GeneratorOptions } from './citizen.generator';
import { seedNationalReference } from './national-reference.seed';

export const BENCH_CPR_HASH_KEY = 'bench-only-cpr-hash-key-0123456789abcdef';
/** Where the loader leaves what the overview benchmark needs to draw citizens (no CPR numbers). */
export const BENCH_DATASET_FILE = path.resolve(__dirname, '../../../.data/overview-bench-dataset.json');

export interface BenchDataset {
  database: string;
  seed: number;
  citizens: number;
  asOf: string;
  dirty: number;
  indexShare: number;
  loadedAt: string;
}

const INDEX_TABLES: readonly BulkTable[] = ['object_locator', 'sag', 'dokument', 'sag_dokument', 'bevilling', 'effektuering', 'held_record'];

/** Whether citizen `index` also gets its index-table rows (an even spread over the population). */
export function inIndexShare(index: number, share: number): boolean {
  return index % 1000 < Math.round(share * 1000);
}

function parse(): { seed: number; citizens: number; url: string; indexShare: number; dirty: number; asOf: string; recreate: boolean; secret: string } {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      citizens: { type: 'string', default: '1000' },
      'database-url': { type: 'string' },
      'index-share': { type: 'string', default: '1' },
      dirty: { type: 'string', default: '0' },
      'as-of': { type: 'string', default: DEFAULT_AS_OF },
      recreate: { type: 'boolean', default: false },
    },
  });
  const url = values['database-url'] ?? process.env['DATABASE_URL'];
  if (!url) throw new Error('--database-url (or DATABASE_URL) is required');
  const secret = process.env['CPR_HASH_KEY'] ?? BENCH_CPR_HASH_KEY;
  if (secret.length < 32) throw new Error('CPR_HASH_KEY must be at least 32 characters');
  const num = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  return {
    seed: num('seed', values.seed, 0, 2 ** 32 - 1),
    citizens: num('citizens', values.citizens, 1, 20_000_000),
    url,
    indexShare: num('index-share', values['index-share'], 0, 1),
    dirty: num('dirty', values.dirty, 0, 1),
    asOf: values['as-of'] ?? DEFAULT_AS_OF,
    recreate: values.recreate ?? false,
    secret,
  };
}

export interface BulkLoadOptions {
  seed: number;
  citizens: number;
  /** Share of citizens that also get their index-table rows (0–1). */
  indexShare: number;
  dirty: number;
  asOf: string;
  /** CPR_HASH_KEY of the API that will read the data. */
  secret: string;
}

export interface BulkLoadResult {
  rows: number;
  copyMs: number;
  indexMs: number;
  indexTimes: Array<{ name: string; ms: number }>;
  overviewBytes: number;
  tables: BulkTable[];
}

/**
 * Seed the 98 municipalities, then COPY the citizens into a migrated database whose target tables are
 * empty: the read model for all, the index tables for `indexShare` of them, and the benchmark's keys.
 */
export async function bulkLoad(db: DataSource, args: BulkLoadOptions, onProgress?: (citizens: number, rows: number) => void): Promise<BulkLoadResult> {
  await seedNationalReference(db);
  const repo = new BulkLoadRepository(db);
  const tables: BulkTable[] = ['citizen_overview', ...(args.indexShare > 0 ? INDEX_TABLES : [])];
  const busy = await repo.nonEmptyTables(tables);
  if (busy.length) throw new Error(`${busy.join(', ')} already hold rows: load into a fresh database (or pass --recreate)`);
  await repo.dropIndexes(tables);
  await repo.createBenchCitizenKeys();
  const writers = new Map<BulkTable, CopyWriter>();
  try {
    for (const t of [...tables, 'bench_citizen_key' as const]) writers.set(t, await repo.openCopy(t));
    const w = (t: BulkTable): CopyWriter => {
      const writer = writers.get(t);
      if (!writer) throw new Error(`no COPY stream open for ${t}`);
      return writer;
    };
    const options: GeneratorOptions = { seed: args.seed, dirtyShare: args.dirty, asOf: args.asOf };
    const ctx: RuleContext = { kle: labourMarketSeed(), knownBevilling: () => true };
    const started = Date.now();
    let rows = 0;
    let overviewBytes = 0;
    for (let i = 0; i < args.citizens; i++) {
      const citizen = generateCitizen(i, options);
      const key = cprKey(citizen.cpr, args.secret);
      const accepted = acceptCitizen(citizen, ctx);
      const overview = projectCitizenOverview(accepted.rows);
      if (overview) {
        const body = JSON.stringify(overview);
        overviewBytes += body.length;
        await w('citizen_overview').row([key, body, 1]);
        rows++;
      }
      await w('bench_citizen_key').row([i + 1, key]);
      if (args.indexShare > 0 && inIndexShare(i, args.indexShare)) rows += await writeIndexRows(w, key, accepted);
      if (onProgress && (i % 500 === 499 || i === args.citizens - 1)) onProgress(i + 1, rows);
    }
    for (const writer of writers.values()) await writer.end();
    writers.clear();
    const copyMs = Date.now() - started;
    const indexStarted = Date.now();
    const indexTimes = await repo.rebuildIndexes();
    await repo.finishBenchCitizenKeys();
    return { rows, copyMs, indexMs: Date.now() - indexStarted, indexTimes, overviewBytes, tables };
  } finally {
    for (const writer of writers.values()) await writer.end().catch(() => undefined);
  }
}

/** The index-table rows of one citizen, as the worker would have written them. Returns the row count. */
async function writeIndexRows(w: (t: BulkTable) => CopyWriter, key: string, accepted: AcceptedCitizen): Promise<number> {
  let rows = 0;
  const locator = async (o: { uuid: string; objectType: string; ejer: { cvr: string }; itSystem: { master: string }; tidspunkt: string }): Promise<void> => {
    await w('object_locator').row([o.uuid, o.objectType, key, o.ejer.cvr, o.itSystem.master, o.tidspunkt, null]);
  };
  for (const s of accepted.sager) {
    const opstaaet = s.fremdrift.filter((f) => f.tilstand === 'Opstaaet').map((f) => f.virkning.fra).sort()[0] ?? s.tidspunkt;
    await w('sag').row([key, s.uuid, s.ejer.cvr, s.itSystem.master, s.primaerKlasse.kle, opstaaet, s.tidspunkt, JSON.stringify(s)]);
    for (const link of sagLinks(s)) {
      await w('sag_dokument').row([key, s.uuid, link.dokumentId, link.titel]);
      rows++;
    }
    await locator(s);
    rows += 2;
  }
  for (const d of accepted.dokumenter) {
    await w('dokument').row([key, d.uuid, d.ejer.cvr, d.itSystem.master, d.dokumenttype, d.tidspunkt, JSON.stringify(d)]);
    await locator(d);
    rows += 2;
  }
  for (const b of accepted.bevillinger) {
    await w('bevilling').row([key, b.uuid, b.sagUuid, b.ejer.cvr, b.itSystem.master, b.tidspunkt, JSON.stringify(b)]);
    await locator(b);
    rows += 2;
  }
  for (const e of accepted.effektueringer) {
    const ids = [...new Set(e.linjer.map((l) => l.bevillingUuid))];
    await w('effektuering').row([key, e.uuid, e.ejer.cvr, e.itSystem.master, ids, e.dispositionsdato, e.tidspunkt, JSON.stringify(e)]);
    await locator(e);
    rows += 2;
  }
  for (const h of accepted.held) {
    await w('held_record').row([key, h.objectId, h.kind, h.ownerCvr, h.pointer, h.reason]);
    rows++;
  }
  return rows;
}

async function main(): Promise<void> {
  const args = parse();
  const dbName = new URL(args.url).pathname.slice(1);
  if (args.recreate) await dropDatabase(args.url);
  await ensureDatabase(args.url);
  const db = createDataSource({ url: args.url, poolSize: 12, applicationName: 'overblik-bulk-load' });
  await db.initialize();
  try {
    await db.runMigrations();
    const bar = new SingleBar(
      { format: 'bulk {bar} {percentage}% | {value}/{total} citizens | {rows} rows | {rate} rows/s | ETA {eta_formatted}', etaBuffer: 2000, noTTYOutput: true, notTTYSchedule: 15_000 },
      Presets.shades_classic,
    );
    bar.start(args.citizens, 0, { rows: 0, rate: 0 });
    const started = Date.now();
    const result = await bulkLoad(db, args, (citizens, rows) => bar.update(citizens, { rows, rate: Math.round((rows * 1000) / Math.max(1, Date.now() - started)) }));
    bar.stop();
    const repo = new BulkLoadRepository(db);
    const sizes = await repo.sizes([...result.tables, 'bench_citizen_key']);
    const dataset: BenchDataset = { database: dbName, seed: args.seed, citizens: args.citizens, asOf: args.asOf, dirty: args.dirty, indexShare: args.indexShare, loadedAt: new Date().toISOString() };
    mkdirSync(path.dirname(BENCH_DATASET_FILE), { recursive: true });
    writeFileSync(BENCH_DATASET_FILE, JSON.stringify(dataset, null, 2));
    const mb = (b: number): number => Math.round(b / 1024 / 1024);
    console.log(
      JSON.stringify(
        {
          ...dataset,
          rows: result.rows,
          copySeconds: Math.round(result.copyMs / 1000),
          rowsPerSecond: Math.round((result.rows * 1000) / result.copyMs),
          citizensPerSecond: Math.round((args.citizens * 1000) / result.copyMs),
          indexRebuildSeconds: Math.round(result.indexMs / 1000),
          slowestIndexes: [...result.indexTimes].sort((a, b) => b.ms - a.ms).slice(0, 5),
          averageOverviewJsonBytes: Math.round(result.overviewBytes / args.citizens),
          tables: sizes.tables.map((t) => ({ table: t.table, rows: t.rows, totalMb: mb(t.totalBytes), indexMb: mb(t.indexBytes) })),
          databaseMb: mb(sizes.databaseBytes),
        },
        null,
        2,
      ),
    );
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
