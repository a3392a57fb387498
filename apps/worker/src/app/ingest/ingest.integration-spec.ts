import { randomUUID } from 'node:crypto';
import {
  aBevilling, aDeliveryItem, aDokument, anEffektuering, aParty, aRemoveItem, aSag, aSyntheticCpr, aVirkning,
  type DeliveryItem, type IndexObject, projectCitizenOverview, syntheticUuid, UNDTAGET_FOR_BORGER,
} from '@overblik/domain';
import { ingestJobsFor } from '@overblik/jobs';
import { InboxRepository, IndexWriteRepository, ReferenceDataRepository } from '@overblik/persistence';
import { loadConfig } from '@overblik/platform';
import { createTestDatabase, seedTestReference, TEST_FAGSYSTEM, TEST_MUNICIPALITY, testEnv, type TestDatabase } from '@overblik/testing';
import { workerConfigSchema } from '../worker.config';
import { IngestMetrics } from './ingest.metrics';
import { IngestService } from './ingest.service';
import { ReferenceCache } from './reference-cache.service';

jest.setTimeout(180_000);

let db: TestDatabase;
let ingest: IngestService;
let inbox: InboxRepository;
let index: IndexWriteRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  const config = loadConfig(workerConfigSchema, testEnv(db));
  index = new IndexWriteRepository(db.dataSource);
  inbox = new InboxRepository(db.dataSource);
  ingest = new IngestService(index, new ReferenceCache(new ReferenceDataRepository(db.dataSource), config), new IngestMetrics(), config);
});

afterAll(async () => {
  await db?.drop();
});

/** Accept items as the API does, then apply them in chunks of `chunk` (`parallel` chunks at once). */
async function deliverAndApply(items: DeliveryItem[], chunk: number, parallel: boolean): Promise<void> {
  const accepted = await inbox.acceptBatch(
    { id: randomUUID(), fagsystemId: TEST_FAGSYSTEM.id, idempotencyKey: null, bodyHash: randomUUID(), transport: 'batch' },
    items.map((item) => ({ objectId: item.object.uuid, kind: item.object.objectType, operation: item.operation, sourceTidspunkt: item.object.tidspunkt, payload: item })),
  );
  const jobs = ingestJobsFor(accepted.deliveryId, 0, items.length, chunk);
  if (parallel) await Promise.all(jobs.map((job) => ingest.applyRange(job)));
  else for (const job of jobs) await ingest.applyRange(job);
}

/** Every stored read-model document next to the full projection of every row stored for its citizen. */
async function storedAndProjected(): Promise<{ stored: Record<string, unknown>; projected: Record<string, unknown> }> {
  const keys: Array<{ k: string }> = await db.dataSource.query(
    `select citizen_key as k from citizen_overview union select citizen_key from sag
     union select citizen_key from bevilling union select citizen_key from effektuering order by 1`,
  );
  return index.inTransaction(async (session) => {
    const citizenKeys = keys.map((r) => r.k);
    const rows = await session.citizenRows(citizenKeys);
    const stored = await session.overviews(citizenKeys);
    const byKey = (f: (k: string) => unknown): Record<string, unknown> => Object.fromEntries(citizenKeys.map((k) => [k, f(k) ?? null]));
    return {
      stored: byKey((k) => stored.get(k)),
      // through JSON, as the document is stored
      projected: byKey((k) => JSON.parse(JSON.stringify(projectCitizenOverview(rows.get(k)!)))),
    };
  });
}

describe('incremental read model', () => {
  const owned = { ejer: { cvr: TEST_MUNICIPALITY.cvr }, itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id } };

  it.each([20_261_126, 7, 424_242])('equals the full projection of the stored rows after each of 60 random deliveries (seed %i)', async (seed) => {
    // deterministic pseudo-random source, so a failure can be replayed
    const LCG_MULTIPLIER = 1_103_515_245;
    const LCG_INCREMENT = 12_345;
    let state = seed;
    const rnd = (): number => ((state = (state * LCG_MULTIPLIER + LCG_INCREMENT) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

    const ids = (kind: string, n: number): string[] => Array.from({ length: n }, (_, i) => syntheticUuid(`property-${seed}-${kind}-${i}`));
    const sagIds = ids('sag', 5);
    const dokIds = ids('dokument', 4);
    const bevIds = ids('bevilling', 3);
    const effIds = ids('effektuering', 3);
    const parties = [1, 2, 3].map((cprSeed) => aParty({ cprSeed }));
    const cprTitle = `Notat ${aSyntheticCpr(7).slice(0, 6)}-${aSyntheticCpr(7).slice(6)}`;
    const titles = ['Ansøgning om hjælp', 'Afgørelse', cprTitle, 'Bekymring om misbrug'];
    // few distinct dates, so entries tie on the date the read model sorts by
    const dates = ['2024-01-15T09:00:00Z', '2024-02-01T09:00:00Z', '2024-03-01T09:00:00Z'];
    const days = ['2024-02-29', '2024-03-31'];
    let clock = Date.parse('2024-06-01T00:00:00Z');
    const last = new Map<string, string>();
    const tidspunkt = (id: string): string => {
      const roll = rnd();
      const previous = last.get(id);
      if (previous && roll < 0.1) return previous; // the same registration again
      if (previous && roll < 0.2) return new Date(Date.parse(previous) - 3_600_000).toISOString(); // an older one, late
      const t = new Date((clock += 60_000)).toISOString();
      last.set(id, t);
      return t;
    };
    const hiddenSometimes = () => (rnd() < 0.15 ? { visningsklasser: [{ kode: UNDTAGET_FOR_BORGER, virkning: aVirkning() }] } : {});
    const randomObject = (): IndexObject => {
      const kind = pick(['sag', 'sag', 'dokument', 'bevilling', 'effektuering'] as const);
      if (kind === 'sag') {
        const uuid = pick(sagIds);
        const journalposter = Array.from({ length: Math.floor(rnd() * 4) }, () =>
          rnd() < 0.2 ? { notat: { titel: 'Notat', tekst: 'intern' } } : { dokumentUuid: pick(dokIds), ...(rnd() < 0.5 ? { titel: pick(titles) } : {}) },
        );
        return aSag({
          ...owned, uuid, tidspunkt: tidspunkt(uuid), titel: pick(titles), primaerPart: pick(parties), journalposter,
          fremdrift: [{ tilstand: 'Opstaaet', virkning: aVirkning(pick(dates)) }], ...hiddenSometimes(),
        });
      }
      if (kind === 'dokument') {
        const uuid = pick(dokIds);
        return aDokument({ ...owned, uuid, tidspunkt: tidspunkt(uuid), titel: pick(titles), parter: [pick(parties)], ...hiddenSometimes() });
      }
      if (kind === 'bevilling') {
        const uuid = pick(bevIds);
        return aBevilling({ ...owned, uuid, tidspunkt: tidspunkt(uuid), sagUuid: pick(sagIds), part: pick(parties), startdato: pick(days) });
      }
      const uuid = pick(effIds);
      const e = anEffektuering({ ...owned, uuid, tidspunkt: tidspunkt(uuid), part: pick(parties), dispositionsdato: pick(days) });
      return { ...e, linjer: e.linjer.map((l) => ({ ...l, bevillingUuid: pick(bevIds) })) };
    };

    const [before] = await db.dataSource.query(`select count(*)::int as n from delivery_item where state = 'applied'`);
    let applied = 0;
    for (let delivery = 0; delivery < 60; delivery++) {
      const items = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => {
        const o = randomObject();
        return rnd() < 0.15 ? aRemoveItem(o) : aDeliveryItem(o, rnd() < 0.5 ? 'import' : 'update');
      });
      const chunk = 1 + Math.floor(rnd() * 4);
      const parallel = rnd() < 0.5;
      await deliverAndApply(items, chunk, parallel);
      const { stored, projected } = await storedAndProjected();
      expect([delivery, stored]).toEqual([delivery, projected]);
      const [n] = await db.dataSource.query(`select count(*)::int as n from delivery_item where state = 'applied'`);
      applied = n.n - before.n;
    }
    // the sequence did exercise the read model: many items applied, and some citizens still have documents
    expect(applied).toBeGreaterThan(80);
    const [docs] = await db.dataSource.query('select count(*)::int as n from citizen_overview');
    expect(docs.n).toBeGreaterThan(0);
  });
});
