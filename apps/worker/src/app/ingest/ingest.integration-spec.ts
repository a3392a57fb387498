import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  anEffektuering,
  aParty,
  aRemoveItem,
  aSag,
  aSyntheticCpr,
  aVirkning,
  type DeliveryItem,
  type IndexObject,
  projectCitizenOverview,
  syntheticUuid,
  UNDTAGET_FOR_BORGER,
} from '@overblik/domain';
import { type IngestJobPayload, ingestJobsFor } from '@overblik/jobs';
import { IndexWriteRepository, ReferenceDataRepository } from '@overblik/persistence';
import { loadConfig } from '@overblik/platform';
import {
  createTestDatabase,
  deliverToInbox,
  seedTestReference,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { workerConfigSchema } from '../worker.config';
import { type IngestFollowUp, IngestRetryScheduler } from './ingest-retry.scheduler';
import { IngestMetrics } from './ingest.metrics';
import { type ApplyResult, IngestService } from './ingest.service';
import { ReferenceCache } from './reference-cache.service';

jest.setTimeout(180_000);

/** Keeps the follow-up jobs a chunk asks for, so a test runs them when it chooses (no timers, no Redis). */
class RecordingRetryScheduler extends IngestRetryScheduler {
  readonly followUps: IngestFollowUp[] = [];
  schedule(followUp: IngestFollowUp): void {
    this.followUps.push(followUp);
  }
  take(): IngestFollowUp[] {
    return this.followUps.splice(0);
  }
}

let db: TestDatabase;
let ingest: IngestService;
let index: IndexWriteRepository;
let retries: RecordingRetryScheduler;
let concurrency: number;

/** Applies jobs as the worker does: at most WORKER_CONCURRENCY at once (each holds a pooled connection). */
async function applyAll(jobs: IngestJobPayload[], service = ingest): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) results.push(await service.applyRange(jobs[next++]!));
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
  return results;
}

function anIngestService(env: Record<string, string> = {}): {
  service: IngestService;
  retries: RecordingRetryScheduler;
} {
  const config = loadConfig(workerConfigSchema, { ...testEnv(db), ...env });
  const scheduler = new RecordingRetryScheduler();
  const service = new IngestService(
    index,
    new ReferenceCache(new ReferenceDataRepository(db.dataSource), config),
    new IngestMetrics(),
    config,
    scheduler,
  );
  return { service, retries: scheduler };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  index = new IndexWriteRepository(db.dataSource);
  ({ service: ingest, retries } = anIngestService());
  concurrency = loadConfig(workerConfigSchema, testEnv(db)).WORKER_CONCURRENCY;
});

afterAll(async () => {
  await db?.drop();
});

/** Accept items as the API does (one delivery); returns its id. */
const deliver = (items: DeliveryItem[]): Promise<string> => deliverToInbox(db.dataSource, items);

/** Runs the follow-up jobs the chunks asked for (as the queue would, later) until none is left. */
async function runFollowUps(scheduler = retries, service = ingest): Promise<number> {
  let rounds = 0;
  for (let batch = scheduler.take(); batch.length; batch = scheduler.take()) {
    if (++rounds > 50) throw new Error('follow-ups do not settle');
    await applyAll(
      batch.flatMap((f) => f.jobs),
      service,
    );
  }
  return rounds;
}

/** Accept items as the API does, then apply them in chunks of `chunk` (`parallel` chunks at once), then the follow-ups. */
async function deliverAndApply(items: DeliveryItem[], chunk: number, parallel: boolean): Promise<string> {
  const deliveryId = await deliver(items);
  const jobs = ingestJobsFor(deliveryId, 0, items.length, chunk);
  if (parallel) await applyAll(jobs);
  else for (const job of jobs) await ingest.applyRange(job);
  await runFollowUps();
  return deliveryId;
}

async function itemStates(
  deliveryId: string,
): Promise<Array<{ seq: number; kind: string; state: string; rule: string | null; deferrals: number }>> {
  return db.dataSource.query(
    'select seq, kind, state, rule, deferrals from delivery_item where delivery_id = $1 order by seq',
    [deliveryId],
  );
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
    const byKey = (f: (k: string) => unknown): Record<string, unknown> =>
      Object.fromEntries(citizenKeys.map((k) => [k, f(k) ?? null]));
    return {
      stored: byKey((k) => stored.get(k)),
      // through JSON, as the document is stored
      projected: byKey((k) => JSON.parse(JSON.stringify(projectCitizenOverview(rows.get(k)!)))),
    };
  });
}

describe('incremental read model', () => {
  const owned = {
    ejer: { cvr: TEST_MUNICIPALITY.cvr },
    itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
  };

  it.each([20_261_126, 7, 424_242])(
    'equals the full projection of the stored rows after each of 60 random deliveries (seed %i)',
    async (seed) => {
      // deterministic pseudo-random source, so a failure can be replayed
      const LCG_MULTIPLIER = 1_103_515_245;
      const LCG_INCREMENT = 12_345;
      let state = seed;
      const rnd = (): number => (state = (state * LCG_MULTIPLIER + LCG_INCREMENT) % 2 ** 31) / 2 ** 31;
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

      const ids = (kind: string, n: number): string[] =>
        Array.from({ length: n }, (_, i) => syntheticUuid(`property-${seed}-${kind}-${i}`));
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
      const hiddenSometimes = () =>
        rnd() < 0.15 ? { visningsklasser: [{ kode: UNDTAGET_FOR_BORGER, virkning: aVirkning() }] } : {};
      const randomObject = (): IndexObject => {
        const kind = pick(['sag', 'sag', 'dokument', 'bevilling', 'effektuering'] as const);
        if (kind === 'sag') {
          const uuid = pick(sagIds);
          const journalposter = Array.from({ length: Math.floor(rnd() * 4) }, () =>
            rnd() < 0.2
              ? { notat: { titel: 'Notat', tekst: 'intern' } }
              : { dokumentUuid: pick(dokIds), ...(rnd() < 0.5 ? { titel: pick(titles) } : {}) },
          );
          return aSag({
            ...owned,
            uuid,
            tidspunkt: tidspunkt(uuid),
            titel: pick(titles),
            primaerPart: pick(parties),
            journalposter,
            fremdrift: [{ tilstand: 'Opstaaet', virkning: aVirkning(pick(dates)) }],
            ...hiddenSometimes(),
          });
        }
        if (kind === 'dokument') {
          const uuid = pick(dokIds);
          return aDokument({
            ...owned,
            uuid,
            tidspunkt: tidspunkt(uuid),
            titel: pick(titles),
            parter: [pick(parties)],
            ...hiddenSometimes(),
          });
        }
        if (kind === 'bevilling') {
          const uuid = pick(bevIds);
          return aBevilling({
            ...owned,
            uuid,
            tidspunkt: tidspunkt(uuid),
            sagUuid: pick(sagIds),
            part: pick(parties),
            startdato: pick(days),
          });
        }
        const uuid = pick(effIds);
        const e = anEffektuering({
          ...owned,
          uuid,
          tidspunkt: tidspunkt(uuid),
          part: pick(parties),
          dispositionsdato: pick(days),
        });
        return { ...e, linjer: e.linjer.map((l) => ({ ...l, bevillingUuid: pick(bevIds) })) };
      };

      const [before] = await db.dataSource.query(
        `select count(*)::int as n from delivery_item where state = 'applied'`,
      );
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
    },
  );
});

describe('payments and their grants in chunks applied at the same time', () => {
  const owned = {
    ejer: { cvr: TEST_MUNICIPALITY.cvr },
    itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
  };
  const aGrantWithPayments = (name: string, payments: number, cprSeed: number): DeliveryItem[] => {
    const part = aParty({ cprSeed });
    const grant = aBevilling({ ...owned, uuid: syntheticUuid(`${name}-bevilling`), part });
    return [
      aDeliveryItem(grant),
      ...Array.from({ length: payments }, (_, i) => {
        const e = anEffektuering({ ...owned, uuid: syntheticUuid(`${name}-effektuering-${i}`), part });
        return aDeliveryItem({ ...e, linjer: e.linjer.map((l) => ({ ...l, bevillingUuid: grant.uuid })) });
      }),
    ];
  };

  it('applies every payment of 30 deliveries whose grants sit in other chunks, in random order, and rejects none', async () => {
    let state = 20_261_126;
    const rnd = (): number => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    let payments = 0;
    let deferred = 0;
    const deliveries: string[] = [];
    for (let round = 0; round < 30; round++) {
      const items = Array.from({ length: 4 }, (_, g) =>
        aGrantWithPayments(`race-${round}-${g}`, 1 + Math.floor(rnd() * 3), 1 + g),
      ).flat();
      // grants usually come first, as sources send them; a third of the rounds shuffle the whole delivery
      const shuffled = rnd() < 0.33;
      if (shuffled) {
        for (let i = items.length - 1; i > 0; i--) {
          const k = Math.floor(rnd() * (i + 1));
          [items[i], items[k]] = [items[k]!, items[i]!];
        }
      } else
        items.sort(
          (a, b) => (a.object.objectType === 'bevilling' ? 0 : 1) - (b.object.objectType === 'bevilling' ? 0 : 1),
        );
      const deliveryId = await deliver(items);
      deliveries.push(deliveryId);
      // every chunk at once; a grant and its payments in one chunk is no race, so chunks of one or two items
      const jobs = ingestJobsFor(deliveryId, 0, items.length, 1 + Math.floor(rnd() * 2));
      const results = await applyAll(jobs);
      deferred += results.reduce((n, r) => n + r.deferred, 0);
      await runFollowUps();
      const states = await itemStates(deliveryId);
      expect([round, states.filter((s) => s.state !== 'applied')]).toEqual([round, []]);
      payments += states.filter((s) => s.kind === 'effektuering').length;
      const stored: Array<{ n: number }> = await db.dataSource.query(
        'select count(*)::int as n from effektuering where id = any($1::uuid[])',
        [items.filter((i) => i.object.objectType === 'effektuering').map((i) => i.object.uuid)],
      );
      expect(stored[0]?.n).toBe(states.filter((s) => s.kind === 'effektuering').length);
    }
    expect(payments).toBeGreaterThan(100);
    // the shuffled rounds put payments before their grants: those waited instead of being rejected
    expect(deferred).toBeGreaterThan(0);
    const dead: Array<{ n: number }> = await db.dataSource.query(
      'select count(*)::int as n from dead_letter where delivery_id = any($1::uuid[])',
      [deliveries],
    );
    expect(dead[0]?.n).toBe(0);
  });

  it('still rejects a payment whose grant never arrives, while other chunks run', async () => {
    const lonely = anEffektuering({ ...owned, uuid: syntheticUuid('lonely-effektuering') });
    const orphan = aDeliveryItem({
      ...lonely,
      linjer: lonely.linjer.map((l) => ({ ...l, bevillingUuid: syntheticUuid('never-sent-bevilling') })),
    });
    const deliveryId = await deliverAndApply(
      [...aGrantWithPayments('beside-orphan', 2, 4), orphan, ...aGrantWithPayments('after-orphan', 2, 5)],
      1,
      true,
    );
    const states = await itemStates(deliveryId);
    expect(states.filter((s) => s.state !== 'applied')).toEqual([
      { seq: 3, kind: 'effektuering', state: 'rejected', rule: 'EFFEKTUERING-UNKNOWN-BEVILLING', deferrals: 0 },
    ]);
    const dead: Array<{ object_id: string; rule: string }> = await db.dataSource.query(
      'select object_id, rule from dead_letter where delivery_id = $1',
      [deliveryId],
    );
    expect(dead).toEqual([{ object_id: lonely.uuid, rule: 'EFFEKTUERING-UNKNOWN-BEVILLING' }]);
  });

  it('lets a payment wait for a grant that is pending but not being applied, and applies it once the grant is', async () => {
    const [grant, payment] = aGrantWithPayments('unclaimed', 1, 6);
    const grantDelivery = await deliver([grant!]);
    const paymentDelivery = await deliver([payment!]);
    const first = await ingest.applyRange({ deliveryId: paymentDelivery, fromSeq: 0, toSeq: 0 });
    expect(first).toMatchObject({ items: 1, deferred: 1 });
    expect(await itemStates(paymentDelivery)).toEqual([
      { seq: 0, kind: 'effektuering', state: 'pending', rule: null, deferrals: 1 },
    ]);
    // the payment comes back later; the grant's item is enqueued at once
    expect(retries.followUps.map((f) => f.attempt).sort()).toEqual(['awaited', 'defer-1']);
    expect(retries.followUps.find((f) => f.attempt === 'awaited')?.jobs).toEqual([
      { deliveryId: grantDelivery, fromSeq: 0, toSeq: 0 },
    ]);
    await runFollowUps();
    expect((await itemStates(grantDelivery)).map((s) => s.state)).toEqual(['applied']);
    // the follow-ups run in parallel: the payment may be deferred once more if it looks before the grant's job locks its item
    const [applied] = await itemStates(paymentDelivery);
    expect(applied).toMatchObject({ seq: 0, kind: 'effektuering', state: 'applied', rule: null });
    expect(applied!.deferrals).toBeGreaterThanOrEqual(1);
  });

  it('rejects a payment after the allowed number of deferrals when its grant stays pending', async () => {
    const { service, retries: scheduler } = anIngestService({ INGEST_MAX_DEFERRALS: '2' });
    const [grant, payment] = aGrantWithPayments('stuck', 1, 7);
    await deliver([grant!]); // never applied in this test: its job is lost, say
    const paymentDelivery = await deliver([payment!]);
    for (let i = 0; i < 3; i++) await service.applyRange({ deliveryId: paymentDelivery, fromSeq: 0, toSeq: 0 });
    expect(await itemStates(paymentDelivery)).toEqual([
      { seq: 0, kind: 'effektuering', state: 'rejected', rule: 'EFFEKTUERING-UNKNOWN-BEVILLING', deferrals: 2 },
    ]);
    expect(
      scheduler.followUps.filter((f) => f.attempt.startsWith('defer-')).map((f) => [f.attempt, f.delayMs]),
    ).toEqual([
      ['defer-1', 250],
      ['defer-2', 500],
    ]);
  });
});
