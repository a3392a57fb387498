/**
 * Ingestion benchmark (not a test): HTTP accepted → inbox → queue → worker → index + read model, for
 * N case records, beside the raw floor (the same rows by batched INSERT … ON CONFLICT) in the same run.
 *   npm run bench:ingest -- [records=20000]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { aDeliveryItem, aParty, aSag, type Sag } from '@overblik/domain';
import { generateDevKeyPair, mintToken } from '@overblik/platform';
import { createDataSource, dropDatabase, ensureDatabase, withDatabase } from '@overblik/persistence';
import { seedTestReference, startApp, TEST_FAGSYSTEM, TEST_MUNICIPALITY } from '@overblik/testing';

const SERVER = process.env['DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

function peakRssMb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const records = Number(process.argv[2] ?? 20000);
  const url = withDatabase(SERVER, `bench_${Date.now().toString(36)}`);
  await ensureDatabase(url);
  const db = createDataSource({ url, poolSize: 4 });
  await db.initialize();
  await db.runMigrations();
  await seedTestReference(db);
  const keys = await generateDevKeyPair('bench');
  const env = {
    DATABASE_URL: url, REDIS_URL: REDIS, CPR_HASH_KEY: 'bench-only-cpr-hash-key-0123456789abcdef',
    QUEUE_PREFIX: `bench-${Date.now().toString(36)}`, VENDOR_JWKS: keys.jwks, API_PORT: '3900', WORKER_PORT: '0',
    WORKER_CONCURRENCY: '4', LOG_LEVEL: 'warn',
  };
  const api = await startApp('api', env);
  const worker = await startApp('worker', env);
  const token = await mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience: 'overblik-delivery', subject: TEST_FAGSYSTEM.id, scope: 'delivery:write' });
  const owned = { ejer: { cvr: TEST_MUNICIPALITY.cvr }, itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id } };
  const sager: Sag[] = Array.from({ length: records }, (_, i) => aSag({ ...owned, uuid: randomUUID(), primaerPart: aParty({ cprSeed: 1 + (i % Math.ceil(records / 5)) }) }));
  const batches: Sag[][] = [];
  for (let i = 0; i < sager.length; i += 500) batches.push(sager.slice(i, i + 500));

  const started = Date.now();
  let next = 0;
  const deliveryIds: string[] = [];
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const res = await fetch('http://127.0.0.1:3900/v1/deliveries', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items: batch.map((s) => aDeliveryItem(s)) }),
      });
      if (res.status !== 202) throw new Error(`delivery answered ${res.status}: ${await res.text()}`);
      deliveryIds.push(((await res.json()) as { deliveryId: string }).deliveryId);
    }
  }));
  const acceptedMs = Date.now() - started;
  for (;;) {
    const [row] = await db.query(`select count(*)::int as n from delivery_item where state = 'pending'`);
    if (row.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const endToEndMs = Date.now() - started;
  const [applied] = await db.query(`select count(*)::int as n from sag`);

  // delivery-to-visible latency at half the measured end-to-end rate: batches of 100 for about 10 s
  const halfRate = (records * 1000) / endToEndMs / 2;
  const intervalMs = (100 / halfRate) * 1000;
  const latencies: number[] = [];
  const probes: Array<Promise<void>> = [];
  const probeCount = Math.max(10, Math.floor(10_000 / intervalMs));
  for (let i = 0; i < probeCount; i++) {
    const batch = Array.from({ length: 100 }, (_, j) => aSag({ ...owned, uuid: randomUUID(), primaerPart: aParty({ cprSeed: 900_000 + i * 100 + j }) }));
    const sentAt = Date.now();
    probes.push((async () => {
      const res = await fetch('http://127.0.0.1:3900/v1/deliveries', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items: batch.map((s) => aDeliveryItem(s)) }),
      });
      const { deliveryId } = (await res.json()) as { deliveryId: string };
      for (;;) {
        const [row] = await db.query(`select count(*)::int as n from delivery_item where delivery_id = $1 and state = 'pending'`, [deliveryId]);
        if (row.n === 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies.push(Date.now() - sentAt);
    })());
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  await Promise.all(probes);
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const apiMb = peakRssMb(api.child.pid);
  const workerMb = peakRssMb(worker.child.pid);
  await worker.stop();
  await api.stop();

  // the raw floor: the same rows straight into the same table, batched INSERT … ON CONFLICT
  await db.query('truncate sag');
  const rawStarted = Date.now();
  for (const batch of batches) {
    await db.query(
      `insert into sag (citizen_key, id, owner_cvr, master_fagsystem, kle, opstaaet_at, source_tidspunkt, body)
       select md5(b->'primaerPart'->>'urn'), (b->>'uuid')::uuid, b->'ejer'->>'cvr', b->'itSystem'->>'master',
              b->'primaerKlasse'->>'kle', (b->>'tidspunkt')::timestamptz, (b->>'tidspunkt')::timestamptz, b
         from jsonb_array_elements($1::jsonb) b
       on conflict (citizen_key, id) do update set body = excluded.body`,
      [JSON.stringify(batch)],
    );
  }
  const rawMs = Date.now() - rawStarted;
  await db.destroy();
  await dropDatabase(url);

  const e2eRate = Math.round((records * 1000) / endToEndMs);
  const rawRate = Math.round((records * 1000) / rawMs);
  console.log(JSON.stringify({
    records, applied: applied.n, acceptedPerSec: Math.round((records * 1000) / acceptedMs), endToEndPerSec: e2eRate,
    rawInsertPerSec: rawRate,
    latencyAtHalfRate: { recordsPerSec: Math.round(halfRate), batches: latencies.length, p50Ms: pct(50), p99Ms: pct(99) },
    ratioToRaw: Number((e2eRate / rawRate).toFixed(2)), peakRssMb: { api: apiMb, worker: workerMb },
  }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
