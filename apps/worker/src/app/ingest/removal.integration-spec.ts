import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  anEffektuering,
  aParty,
  aRemoveItem,
  aSag,
  aSyntheticCpr,
  cprKey,
  keyedCprUrn,
  type DeliveryItem,
  formatCpr,
  type IndexObject,
  syntheticUuid,
} from '@overblik/domain';
import { ingestJobsFor } from '@overblik/jobs';
import { prerenderAnswers } from '@overblik/overview-answer';
import { IndexWriteRepository, InboxRepository, ReferenceDataRepository } from '@overblik/persistence';
import { loadConfig } from '@overblik/platform';
import {
  columnsContaining,
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
import { IngestService } from './ingest.service';
import { ReferenceCache } from './reference-cache.service';

jest.setTimeout(180_000);

class NoRetries extends IngestRetryScheduler {
  schedule(followUp: IngestFollowUp): void {
    throw new Error(`no follow-up expected, got ${JSON.stringify(followUp.jobs)}`);
  }
}

let db: TestDatabase;
let ingest: IngestService;
let hashKey: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  const config = loadConfig(workerConfigSchema, testEnv(db));
  hashKey = config.CPR_HASH_KEY;
  ingest = new IngestService(
    new IndexWriteRepository(db.dataSource),
    new ReferenceCache(new ReferenceDataRepository(db.dataSource), config),
    new IngestMetrics(),
    config,
    new NoRetries(),
  );
});

afterAll(async () => {
  await db?.drop();
});

/** Accepts the items as one delivery, as the API does, and applies it in one chunk. */
async function deliverAndApply(items: DeliveryItem[]): Promise<string> {
  const deliveryId = await deliverToInbox(db.dataSource, items);
  for (const job of ingestJobsFor(deliveryId, 0, items.length, items.length)) await ingest.applyRange(job);
  return deliveryId;
}

const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};
const at = (minute: number): string => new Date(Date.UTC(2024, 5, 1, 8, minute)).toISOString();

/** A case, a document on it, a grant and a payment of it, all for the citizen with this synthetic CPR seed. */
function aCitizensObjects(cprSeed: number, name: string, tidspunkt: string) {
  const party = aParty({ cprSeed });
  const ids = {
    sag: syntheticUuid(`${name}-sag`),
    dokument: syntheticUuid(`${name}-dokument`),
    bevilling: syntheticUuid(`${name}-bevilling`),
    effektuering: syntheticUuid(`${name}-effektuering`),
  };
  const sag = aSag({
    ...owned,
    uuid: ids.sag,
    tidspunkt,
    primaerPart: party,
    journalposter: [{ dokumentUuid: ids.dokument, titel: 'Afgørelse' }],
  });
  const dokument = aDokument({ ...owned, uuid: ids.dokument, tidspunkt, parter: [party] });
  const bevilling = aBevilling({ ...owned, uuid: ids.bevilling, tidspunkt, sagUuid: ids.sag, part: party });
  const e = anEffektuering({ ...owned, uuid: ids.effektuering, tidspunkt, part: party });
  const effektuering = { ...e, linjer: e.linjer.map((l) => ({ ...l, bevillingUuid: ids.bevilling })) };
  const objects: IndexObject[] = [sag, dokument, bevilling, effektuering];
  return { party, ids, objects, sag };
}

/** The ways a CPR number can be written down: the ten digits (in its URN too) and DDMMYY-SSSS. */
const spellings = (cpr: string): string[] => [cpr, formatCpr(cpr)];

describe('physical removal of a citizen’s objects', () => {
  const cprSeed = 4242;
  const cpr = aSyntheticCpr(cprSeed);
  const citizen = aCitizensObjects(cprSeed, 'removal-citizen', at(1));
  const neighbour = aCitizensObjects(4343, 'removal-neighbour', at(1));
  let deliveries: string[];

  beforeAll(async () => {
    deliveries = [
      await deliverAndApply([...citizen.objects, ...neighbour.objects].map((o) => aDeliveryItem(o))),
      // rejected (a KLE emne that does not exist): a dead letter with the whole body
      await deliverAndApply([
        aDeliveryItem(
          aSag({ ...citizen.sag, tidspunkt: at(5), primaerKlasse: { kle: '99.99.99', virkning: { fra: at(0) } } }),
          'update',
        ),
      ]),
      // older than what is stored: kept in the history as stale, with its body
      await deliverAndApply([aDeliveryItem(aSag({ ...citizen.sag, tidspunkt: at(0) }), 'update')]),
    ];
    await prerenderAnswers(db.dataSource);
  });

  const storedAnswers = async (): Promise<number> => {
    const [row]: Array<{ n: number }> = await db.dataSource.query(
      'select count(*)::int as n from overview_answer where citizen_key = $1',
      [cprKey(cpr, hashKey)],
    );
    return row?.n ?? 0;
  };

  it('holds the citizen’s number before the removal only in the inbox copies (the scan finds them), and renders an answer', async () => {
    expect(await storedAnswers()).toBe(1);
    expect(await columnsContaining(db.dataSource, spellings(cpr))).toEqual([
      { column: 'dead_letter.payload', rows: 1 },
      { column: 'delivery_item.payload', rows: 6 }, // 4 imports, the rejected and the stale update
    ]);
  });

  it('stores the party in the index and its history by its key, not its number', async () => {
    const keyed = keyedCprUrn(citizen.party.urn, hashKey);
    const hits = await columnsContaining(db.dataSource, [keyed]);
    expect(hits).toEqual([
      { column: 'bevilling.body', rows: 1 },
      { column: 'dokument.body', rows: 1 },
      { column: 'effektuering.body', rows: 1 },
      { column: 'index_registration.body', rows: 5 },
      { column: 'sag.body', rows: 1 },
    ]);
    const [sag]: Array<{ urn: string }> = await db.dataSource.query(
      "select body->'primaerPart'->>'urn' as urn from sag where id = $1",
      [citizen.ids.sag],
    );
    expect(sag!.urn).toBe(keyed);
  });

  it('leaves the number in no column of any table once the source removed every object', async () => {
    const removal = await deliverAndApply(
      [...citizen.objects].reverse().map((o) => aRemoveItem({ ...o, tidspunkt: at(10) })),
    );
    const states: Array<{ state: string; rule: string | null; n: number }> = await db.dataSource.query(
      'select state, rule, count(*)::int as n from delivery_item where delivery_id = $1 group by state, rule',
      [removal],
    );
    expect(states).toEqual([{ state: 'applied', rule: null, n: 4 }]);
    expect(await columnsContaining(db.dataSource, spellings(cpr))).toEqual([]);
    expect(await storedAnswers()).toBe(0);
  });

  it('keeps the redacted inbox rows and dead letters, with a stub and the time', async () => {
    const items: Array<{ kind: string; state: string; payload: unknown; redacted: boolean }> =
      await db.dataSource.query(
        `select kind, state, payload, redacted_at is not null as redacted from delivery_item
        where object_id = $1 order by delivery_id = $2 desc, seq`,
        [citizen.ids.sag, deliveries[0]],
      );
    expect(items).toHaveLength(4); // import, rejected update, stale update, remove
    for (const item of items) {
      expect(item).toMatchObject({ kind: 'sag', redacted: true });
      expect(item.payload).toEqual({ redacted: true, reason: 'removed', kind: 'sag', uuid: citizen.ids.sag });
    }
    const dead: Array<{ payload: unknown; rule: string; redacted: boolean }> = await db.dataSource.query(
      'select payload, rule, redacted_at is not null as redacted from dead_letter where object_id = $1',
      [citizen.ids.sag],
    );
    expect(dead).toEqual([
      {
        payload: { redacted: true, reason: 'removed', kind: 'sag', uuid: citizen.ids.sag },
        rule: expect.any(String),
        redacted: true,
      },
    ]);
  });

  it('no longer offers a redacted dead letter to the vendor, nor replays it', async () => {
    const inbox = new InboxRepository(db.dataSource);
    const offered = await inbox.deadLetters(TEST_FAGSYSTEM.id);
    expect(offered.filter((d) => d.objectId === citizen.ids.sag)).toEqual([]);
    const [row]: Array<{ id: string }> = await db.dataSource.query(
      'select id::text from dead_letter where object_id = $1',
      [citizen.ids.sag],
    );
    expect(
      await inbox.replayDeadLetters(TEST_FAGSYSTEM.id, [row!.id], syntheticUuid('removal-replay')),
    ).toBeUndefined();
  });

  it('leaves another citizen’s objects and copies as they were', async () => {
    const neighbourCpr = aSyntheticCpr(4343);
    expect(await columnsContaining(db.dataSource, [neighbourCpr])).toEqual([
      { column: 'delivery_item.payload', rows: 4 },
    ]);
    const keyed = await columnsContaining(db.dataSource, [keyedCprUrn(neighbour.party.urn, hashKey)]);
    expect(keyed.map((h) => h.column)).toEqual([
      'bevilling.body',
      'dokument.body',
      'effektuering.body',
      'index_registration.body',
      'sag.body',
    ]);
    const [kept]: Array<{ n: number }> = await db.dataSource.query(
      'select count(*)::int as n from delivery_item where object_id = any($1::uuid[]) and redacted_at is null',
      [Object.values(neighbour.ids)],
    );
    expect(kept!.n).toBe(4);
  });
});

describe('a removal while an item of the object is still pending', () => {
  const cprSeed = 4545;
  const cpr = aSyntheticCpr(cprSeed);
  const citizen = aCitizensObjects(cprSeed, 'removal-pending', at(1));

  it('leaves the pending item as delivered, and erases it once it is applied (stale)', async () => {
    await deliverAndApply([aDeliveryItem(citizen.sag)]);
    // delivered, not applied yet: its job comes later
    const pending = await deliverToInbox(db.dataSource, [
      aDeliveryItem(aSag({ ...citizen.sag, tidspunkt: at(2) }), 'update'),
    ]);
    await deliverAndApply([aRemoveItem({ ...citizen.sag, tidspunkt: at(10) })]);
    const before: Array<{ state: string; redacted: boolean; holds: boolean }> = await db.dataSource.query(
      `select state, redacted_at is not null as redacted, payload::text like $2 as holds from delivery_item where delivery_id = $1`,
      [pending, `%${cpr}%`],
    );
    expect(before).toEqual([{ state: 'pending', redacted: false, holds: true }]);

    await ingest.applyRange({ deliveryId: pending, fromSeq: 0, toSeq: 0 });
    const after: Array<{ state: string; redacted: boolean }> = await db.dataSource.query(
      'select state, redacted_at is not null as redacted from delivery_item where delivery_id = $1',
      [pending],
    );
    expect(after).toEqual([{ state: 'stale', redacted: true }]);
    expect(await columnsContaining(db.dataSource, spellings(cpr))).toEqual([]);
  });
});
