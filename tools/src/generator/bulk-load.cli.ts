/**
 * Bulk loader: the generator's citizens straight into a migrated database with COPY, as the worker
 * would have left them (index tables, object locator, held texts, and the per-citizen read model).
 *   npm run generate:bulk -- --seed 42 --citizens 1000000 --database-url postgres://postgres@127.0.0.1:5432/overblik_bench
 *     [--index-share 0.1] [--dirty 0] [--as-of 2026-11-01] [--recreate]
 * Top-up: give the citizens an earlier `--index-share 0.1` run left out their index-table rows too, and
 * nothing else (the read model, the benchmark keys, reference data and configuration stay as they are):
 *   npm run generate:bulk -- --seed 42 --citizens 1000000 --database-url <the same database>
 *     --index-only --index-share-from 0.1 [--index-share 1]   (the earlier run's --dirty and --as-of too)
 * It adds the rows of the citizens whose index mod 1000 lies in [from·1000, share·1000), exactly the rows
 * one `--index-share <share>` run writes for them, with the keys in place, in one transaction per table
 * committed together at the end (an interrupted top-up leaves the tables as they were), and raises
 * indexShare in .data/overview-bench-dataset.json when that file names the database.
 * CPR_HASH_KEY (env, ≥ 32 characters) must be the key the API runs with; default: the benchmark key.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { cprKey, partyUrnKeys, projectCitizenOverview, type RuleContext } from '@overblik/domain';
import { labourMarketSeed } from '@overblik/kle';
import type { DataSource } from 'typeorm';
import { createDataSource, dropDatabase, ensureDatabase } from '@overblik/persistence';
import { BulkLoadRepository, type BulkTable, type CopyWriter } from './bulk-load/bulk-load.repository';
import { acceptCitizen, type AcceptedCitizen, sagLinks } from './citizen-rows';
import { citizenCpr, DEFAULT_AS_OF, generateCitizen, type GeneratorOptions } from './citizen.generator';
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
  /** When an `--index-only` top-up last raised indexShare. */
  indexToppedUpAt?: string;
}

const INDEX_TABLES: readonly BulkTable[] = [
  'object_locator',
  'sag',
  'dokument',
  'sag_dokument',
  'bevilling',
  'effektuering',
  'held_record',
];

/** The share as slots of each thousand citizens (0.1 → 100). */
const shareSlots = (share: number): number => Math.round(share * 1000);

/**
 * Whether citizen `index` also gets its index-table rows (an even spread over the population): its slot
 * (index mod 1000) lies in [from·1000, share·1000). A load uses from = 0; a top-up starts where it ended.
 */
export function inIndexShare(index: number, share: number, from = 0): boolean {
  const slot = index % 1000;
  return slot >= shareSlots(from) && slot < shareSlots(share);
}

/** The indexes of the citizens among the first `citizens` that lie in [from, share), ascending. */
export function* indexShareCitizens(citizens: number, share: number, from = 0): Generator<number> {
  const lo = shareSlots(from);
  const hi = shareSlots(share);
  for (let base = 0; base < citizens; base += 1000) for (let i = base + lo; i < base + hi && i < citizens; i++) yield i;
}

export interface BulkLoadArgs extends BulkLoadOptions {
  url: string;
  recreate: boolean;
  /** Top-up: only the index-table rows of the citizens in [indexShareFrom, indexShare). */
  indexOnly: boolean;
  indexShareFrom: number;
}

export function parse(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BulkLoadArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string', default: '42' },
      citizens: { type: 'string', default: '1000' },
      'database-url': { type: 'string' },
      'index-share': { type: 'string', default: '1' },
      dirty: { type: 'string', default: '0' },
      'as-of': { type: 'string', default: DEFAULT_AS_OF },
      recreate: { type: 'boolean', default: false },
      'index-only': { type: 'boolean', default: false },
      'index-share-from': { type: 'string' },
    },
  });
  const url = values['database-url'] ?? env['DATABASE_URL'];
  if (!url) throw new Error('--database-url (or DATABASE_URL) is required');
  const secret = env['CPR_HASH_KEY'] ?? BENCH_CPR_HASH_KEY;
  if (secret.length < 32) throw new Error('CPR_HASH_KEY must be at least 32 characters');
  const num = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const indexOnly = values['index-only'] ?? false;
  const recreate = values.recreate ?? false;
  const indexShare = num('index-share', values['index-share'], 0, 1);
  if (!indexOnly && values['index-share-from'] !== undefined)
    throw new Error('--index-share-from belongs to an --index-only top-up');
  if (indexOnly && values['index-share-from'] === undefined)
    throw new Error('--index-only needs --index-share-from (the --index-share of the earlier run)');
  if (indexOnly && recreate) throw new Error('--index-only tops up an existing load: --recreate would drop it');
  const indexShareFrom = indexOnly ? num('index-share-from', values['index-share-from'], 0, 1) : 0;
  if (indexOnly && shareSlots(indexShareFrom) >= shareSlots(indexShare))
    throw new Error('--index-share-from must be below --index-share: nothing to top up');
  return {
    seed: num('seed', values.seed, 0, 2 ** 32 - 1),
    citizens: num('citizens', values.citizens, 1, 20_000_000),
    url,
    indexShare,
    dirty: num('dirty', values.dirty, 0, 1),
    asOf: values['as-of'] ?? DEFAULT_AS_OF,
    recreate,
    secret,
    indexOnly,
    indexShareFrom,
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
export async function bulkLoad(
  db: DataSource,
  args: BulkLoadOptions,
  onProgress?: (citizens: number, rows: number) => void,
): Promise<BulkLoadResult> {
  await seedNationalReference(db);
  const repo = new BulkLoadRepository(db);
  const tables: BulkTable[] = ['citizen_overview', ...(args.indexShare > 0 ? INDEX_TABLES : [])];
  const busy = await repo.nonEmptyTables(tables);
  if (busy.length)
    throw new Error(`${busy.join(', ')} already hold rows: load into a fresh database (or pass --recreate)`);
  await repo.dropIndexes(tables);
  await repo.createBenchCitizenKeys();
  const writers = new Map<BulkTable, CopyWriter>();
  try {
    const w = await openWriters(repo, [...tables, 'bench_citizen_key'], writers);
    const options = generatorOptions(args);
    const ctx = ruleContext();
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
      if (args.indexShare > 0 && inIndexShare(i, args.indexShare))
        rows += await writeIndexRows(w, key, accepted, args.secret);
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

/**
 * One COPY stream per table, kept in `into` as each opens (so the caller's cleanup reaches every stream
 * opened before a failure), and the lookup the row writers use.
 */
async function openWriters(
  repo: BulkLoadRepository,
  tables: readonly BulkTable[],
  into: Map<BulkTable, CopyWriter>,
  options: { transaction?: boolean } = {},
): Promise<(t: BulkTable) => CopyWriter> {
  for (const t of tables) into.set(t, await repo.openCopy(t, options));
  return (t) => {
    const writer = into.get(t);
    if (!writer) throw new Error(`no COPY stream open for ${t}`);
    return writer;
  };
}

const generatorOptions = (args: BulkLoadOptions): GeneratorOptions => ({
  seed: args.seed,
  dirtyShare: args.dirty,
  asOf: args.asOf,
});
const ruleContext = (): RuleContext => ({ kle: labourMarketSeed(), knownBevilling: () => true });

export interface TopUpOptions extends BulkLoadOptions {
  /** The share the earlier load gave index rows (0–1); the top-up adds [indexShareFrom, indexShare). */
  indexShareFrom: number;
}

export interface TopUpResult {
  citizens: number;
  rows: number;
  copyMs: number;
  analyzeMs: number;
  tables: BulkTable[];
}

/**
 * Check that the database holds the load these options describe: the benchmark keys of all citizens
 * under this seed and CPR_HASH_KEY, the index rows of the first citizens of the earlier share as this
 * seed, --as-of and --dirty make them, and no index rows yet for any citizen the top-up would add.
 */
async function checkTopUpTarget(repo: BulkLoadRepository, args: TopUpOptions): Promise<void> {
  const last = args.citizens;
  const found = await repo.benchCitizenKeys([1, last]);
  if (!found) throw new Error('bench_citizen_key is missing: a top-up needs a database npm run generate:bulk loaded');
  if (found.count !== args.citizens)
    throw new Error(`the database was loaded with ${found.count} citizens, not --citizens ${args.citizens}`);
  for (const n of [1, last]) {
    if (found.keys.get(n) !== cprKey(citizenCpr(args.seed, n - 1), args.secret)) {
      throw new Error(
        `citizen ${n} has another key in the database: it was loaded with another --seed or CPR_HASH_KEY`,
      );
    }
  }
  const options = generatorOptions(args);
  const ctx = ruleContext();
  for (let i = 0; i < Math.min(3, shareSlots(args.indexShareFrom), args.citizens); i++) {
    const citizen = generateCitizen(i, options);
    const a = acceptCitizen(citizen, ctx);
    const expected = [...a.sager, ...a.dokumenter, ...a.bevillinger, ...a.effektueringer].map((o) => o.uuid).sort();
    const stored = [...(await repo.objectIdsOf(cprKey(citizen.cpr, args.secret)))].sort();
    if (expected.join() !== stored.join()) {
      throw new Error(
        `citizen ${i + 1}'s index rows differ from what these options make: the earlier run had another --as-of, --dirty or --index-share`,
      );
    }
  }
  const taken = await repo.citizensWithIndexRows(shareSlots(args.indexShareFrom), shareSlots(args.indexShare));
  if (taken)
    throw new Error(
      `${taken} citizens in [${args.indexShareFrom}, ${args.indexShare}) already have index rows: is --index-share-from the earlier run's --index-share?`,
    );
}

/**
 * Top-up of an earlier load: COPY the index-table rows (and nothing else) of the citizens in
 * [indexShareFrom, indexShare), the very rows a load with --index-share indexShare writes for them.
 * The tables keep their primary keys and indexes (a load into empty tables drops and rebuilds them):
 * a duplicate fails the COPY rather than the key rebuild after the commit, and the database keeps its
 * keys throughout, so a killed top-up leaves nothing to repair. Every table's COPY runs in a transaction
 * of its own; all are committed only after all have succeeded, and on a failure or SIGINT/SIGTERM/SIGHUP
 * all are rolled back (a killed process's connections roll back too): an interrupted top-up leaves the
 * tables as they were, to be run again.
 */
export async function topUpIndexRows(
  db: DataSource,
  args: TopUpOptions,
  onProgress?: (citizens: number, rows: number) => void,
): Promise<TopUpResult> {
  const repo = new BulkLoadRepository(db);
  const tables = [...INDEX_TABLES];
  await checkTopUpTarget(repo, args);
  let interrupted: string | undefined;
  const interrupt = (signal: string): void => {
    interrupted = signal;
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt).once('SIGHUP', interrupt);
  const writers = new Map<BulkTable, CopyWriter>();
  let committed = false;
  try {
    const writer = await openWriters(repo, tables, writers, { transaction: true });
    const options = generatorOptions(args);
    const ctx = ruleContext();
    const started = Date.now();
    let rows = 0;
    let citizens = 0;
    for (const i of indexShareCitizens(args.citizens, args.indexShare, args.indexShareFrom)) {
      if (interrupted) throw new Error(`${interrupted}: top-up stopped, nothing of it committed`);
      const citizen = generateCitizen(i, options);
      rows += await writeIndexRows(writer, cprKey(citizen.cpr, args.secret), acceptCitizen(citizen, ctx), args.secret);
      citizens++;
      if (onProgress && citizens % 500 === 0) onProgress(citizens, rows);
    }
    onProgress?.(citizens, rows);
    await Promise.all([...writers.values()].map((x) => x.finish()));
    if (interrupted) throw new Error(`${interrupted}: top-up stopped, nothing of it committed`);
    await Promise.all([...writers.values()].map((x) => x.commit()));
    committed = true;
    const copyMs = Date.now() - started;
    const analyzeStarted = Date.now();
    await repo.analyze(tables);
    return { citizens, rows, copyMs, analyzeMs: Date.now() - analyzeStarted, tables };
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt).off('SIGHUP', interrupt);
    if (!committed) await Promise.all([...writers.values()].map((x) => x.abort()));
  }
}

/** The index-table rows of one citizen, as the worker would have written them. Returns the row count. */
async function writeIndexRows(
  w: (t: BulkTable) => CopyWriter,
  key: string,
  accepted: AcceptedCitizen,
  secret: string,
): Promise<number> {
  let rows = 0;
  // the body as the worker stores it: person parties keyed, not by their number
  const stored = (o: unknown): string => {
    let text = JSON.stringify(o);
    for (const [urn, keyed] of partyUrnKeys(o, secret))
      text = text.split(JSON.stringify(urn)).join(JSON.stringify(keyed));
    return text;
  };
  const locator = async (o: {
    uuid: string;
    objectType: string;
    ejer: { cvr: string };
    itSystem: { master: string };
    tidspunkt: string;
  }): Promise<void> => {
    await w('object_locator').row([o.uuid, o.objectType, key, o.ejer.cvr, o.itSystem.master, o.tidspunkt, null]);
  };
  for (const s of accepted.sager) {
    const opstaaet =
      s.fremdrift
        .filter((f) => f.tilstand === 'Opstaaet')
        .map((f) => f.virkning.fra)
        .sort()[0] ?? s.tidspunkt;
    await w('sag').row([
      key,
      s.uuid,
      s.ejer.cvr,
      s.itSystem.master,
      s.primaerKlasse.kle,
      opstaaet,
      s.tidspunkt,
      stored(s),
    ]);
    for (const link of sagLinks(s)) {
      await w('sag_dokument').row([key, s.uuid, link.dokumentId, link.titel]);
      rows++;
    }
    await locator(s);
    rows += 2;
  }
  for (const d of accepted.dokumenter) {
    await w('dokument').row([key, d.uuid, d.ejer.cvr, d.itSystem.master, d.dokumenttype, d.tidspunkt, stored(d)]);
    await locator(d);
    rows += 2;
  }
  for (const b of accepted.bevillinger) {
    await w('bevilling').row([key, b.uuid, b.sagUuid, b.ejer.cvr, b.itSystem.master, b.tidspunkt, stored(b)]);
    await locator(b);
    rows += 2;
  }
  for (const e of accepted.effektueringer) {
    const ids = [...new Set(e.linjer.map((l) => l.bevillingUuid))];
    await w('effektuering').row([
      key,
      e.uuid,
      e.ejer.cvr,
      e.itSystem.master,
      ids,
      e.dispositionsdato,
      e.tidspunkt,
      stored(e),
    ]);
    await locator(e);
    rows += 2;
  }
  for (const h of accepted.held) {
    await w('held_record').row([key, h.objectId, h.kind, h.ownerCvr, h.pointer, h.reason]);
    rows++;
  }
  return rows;
}

function readDataset(): BenchDataset | undefined {
  return existsSync(BENCH_DATASET_FILE)
    ? (JSON.parse(readFileSync(BENCH_DATASET_FILE, 'utf8')) as BenchDataset)
    : undefined;
}

/**
 * The benchmark's record of the data set after a top-up: the same record with the new total share when
 * it names this database; undefined when it names another (it stays as it is). Throws when it names
 * this database but describes another load, or a share the top-up does not continue from.
 */
export function datasetAfterTopUp(
  current: BenchDataset | undefined,
  database: string,
  args: TopUpOptions,
): BenchDataset | undefined {
  if (current?.database !== database) return undefined;
  const differs = [
    current.seed !== args.seed && `--seed ${current.seed}`,
    current.citizens !== args.citizens && `--citizens ${current.citizens}`,
    (current.asOf ?? DEFAULT_AS_OF) !== args.asOf && `--as-of ${current.asOf}`,
    current.dirty !== args.dirty && `--dirty ${current.dirty}`,
  ].filter((d): d is string => typeof d === 'string');
  if (differs.length)
    throw new Error(`${database} was loaded with ${differs.join(' ')} (${BENCH_DATASET_FILE}): top up with the same`);
  if (shareSlots(current.indexShare) !== shareSlots(args.indexShareFrom)) {
    throw new Error(
      `${database} holds index rows for --index-share ${current.indexShare} (${BENCH_DATASET_FILE}): top up with --index-share-from ${current.indexShare}`,
    );
  }
  return { ...current, indexShare: args.indexShare };
}

const mb = (b: number): number => Math.round(b / 1024 / 1024);

function progressBar(total: number): { update: (citizens: number, rows: number) => void; stop: () => void } {
  const bar = new SingleBar(
    {
      format: 'bulk {bar} {percentage}% | {value}/{total} citizens | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
      etaBuffer: 2000,
      noTTYOutput: true,
      notTTYSchedule: 15_000,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rows: 0, rate: 0 });
  const started = Date.now();
  return {
    update: (citizens, rows) =>
      bar.update(citizens, { rows, rate: Math.round((rows * 1000) / Math.max(1, Date.now() - started)) }),
    stop: () => bar.stop(),
  };
}

async function load(args: BulkLoadArgs, dbName: string): Promise<void> {
  if (args.recreate) await dropDatabase(args.url);
  await ensureDatabase(args.url);
  const db = createDataSource({ url: args.url, poolSize: 12, applicationName: 'overblik-bulk-load' });
  await db.initialize();
  try {
    await db.runMigrations();
    const bar = progressBar(args.citizens);
    const result = await bulkLoad(db, args, bar.update);
    bar.stop();
    const repo = new BulkLoadRepository(db);
    const sizes = await repo.sizes([...result.tables, 'bench_citizen_key']);
    const dataset: BenchDataset = {
      database: dbName,
      seed: args.seed,
      citizens: args.citizens,
      asOf: args.asOf,
      dirty: args.dirty,
      indexShare: args.indexShare,
      loadedAt: new Date().toISOString(),
    };
    mkdirSync(path.dirname(BENCH_DATASET_FILE), { recursive: true });
    writeFileSync(BENCH_DATASET_FILE, JSON.stringify(dataset, null, 2));
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
          tables: sizes.tables.map((t) => ({
            table: t.table,
            rows: t.rows,
            totalMb: mb(t.totalBytes),
            indexMb: mb(t.indexBytes),
          })),
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

/** --index-only: no database created or migrated, no reference data seeded; only the index tables grow. */
async function topUp(args: BulkLoadArgs, dbName: string): Promise<void> {
  const next = datasetAfterTopUp(readDataset(), dbName, args);
  const db = createDataSource({ url: args.url, poolSize: 4, applicationName: 'overblik-bulk-load' });
  await db.initialize();
  try {
    if (await db.showMigrations())
      throw new Error(
        `${dbName} lacks migrations the index tables may need: migrate it first (the top-up changes no schema)`,
      );
    const bar = progressBar(Array.from(indexShareCitizens(args.citizens, args.indexShare, args.indexShareFrom)).length);
    const result = await topUpIndexRows(db, args, bar.update);
    bar.stop();
    if (next)
      writeFileSync(
        BENCH_DATASET_FILE,
        JSON.stringify({ ...next, indexToppedUpAt: new Date().toISOString() }, null, 2),
      );
    const sizes = await new BulkLoadRepository(db).sizes(result.tables);
    console.log(
      JSON.stringify(
        {
          database: dbName,
          topUp: { from: args.indexShareFrom, to: args.indexShare },
          citizens: result.citizens,
          rows: result.rows,
          copySeconds: Number((result.copyMs / 1000).toFixed(1)),
          secondsPer1000Citizens: Number(((result.copyMs + result.analyzeMs) / result.citizens).toFixed(2)),
          rowsPerSecond: Math.round((result.rows * 1000) / result.copyMs),
          analyzeSeconds: Number((result.analyzeMs / 1000).toFixed(1)),
          datasetFile: next ? `indexShare ${args.indexShare}` : `unchanged (it does not name ${dbName})`,
          tables: sizes.tables.map((t) => ({
            table: t.table,
            rows: t.rows,
            totalMb: mb(t.totalBytes),
            indexMb: mb(t.indexBytes),
          })),
        },
        null,
        2,
      ),
    );
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const args = parse();
  const dbName = new URL(args.url).pathname.slice(1);
  await (args.indexOnly ? topUp(args, dbName) : load(args, dbName));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
