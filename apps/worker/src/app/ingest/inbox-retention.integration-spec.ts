import { aDeliveryItem, aSag, aParty, aSyntheticCpr, syntheticUuid } from '@overblik/domain';
import { IndexWriteRepository, InboxRetentionRepository, ReferenceDataRepository } from '@overblik/persistence';
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
import { INBOX_RETENTION_LOCK, InboxRetentionService } from './inbox-retention.service';
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

const DAY_MS = 86_400_000;
let db: TestDatabase;
let retention: InboxRetentionService;
let applied: string;
let pending: string;
const cpr = aSyntheticCpr(4646);
const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
  primaerPart: aParty({ cprSeed: 4646 }),
};
const ids = { kept: syntheticUuid('retention-kept'), rejected: syntheticUuid('retention-rejected') };

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  const config = loadConfig(workerConfigSchema, { ...testEnv(db), INBOX_RETENTION_DAYS: '30' });
  const ingest = new IngestService(
    new IndexWriteRepository(db.dataSource),
    new ReferenceCache(new ReferenceDataRepository(db.dataSource), config),
    new IngestMetrics(),
    config,
    new NoRetries(),
  );
  retention = new InboxRetentionService(new InboxRetentionRepository(db.dataSource), config);
  applied = await deliverToInbox(db.dataSource, [
    aDeliveryItem(aSag({ ...owned, uuid: ids.kept })),
    aDeliveryItem(
      aSag({
        ...owned,
        uuid: ids.rejected,
        primaerKlasse: { kle: '99.99.99', virkning: { fra: '2024-01-01T00:00:00Z' } },
      }),
    ),
  ]);
  await ingest.applyRange({ deliveryId: applied, fromSeq: 0, toSeq: 1 });
  // delivered, never applied (its job is late)
  pending = await deliverToInbox(db.dataSource, [
    aDeliveryItem(aSag({ ...owned, uuid: syntheticUuid('retention-pending') })),
  ]);
});

afterAll(async () => {
  await retention?.onApplicationShutdown();
  await db?.drop();
});

async function inboxRows(): Promise<
  Array<{ delivery: string; seq: number; state: string; redacted: boolean; holds: boolean }>
> {
  return db.dataSource.query(
    `select case delivery_id when $1::uuid then 'applied' when $3::uuid then 'pending' end as delivery, seq, state,
            redacted_at is not null as redacted, payload::text like $2 as holds
       from delivery_item order by 1, 2`,
    [applied, `%${cpr}%`, pending],
  );
}

async function deadLetters(): Promise<Array<{ redacted: boolean; payload: unknown }>> {
  return db.dataSource.query('select redacted_at is not null as redacted, payload from dead_letter');
}

describe('the inbox retention purge', () => {
  it('redacts nothing within the retention period', async () => {
    expect(await retention.purge(new Date(Date.now() + 29 * DAY_MS))).toEqual({ items: 0, deadLetters: 0 });
    expect((await inboxRows()).map((r) => r.redacted)).toEqual([false, false, false]);
    expect((await deadLetters()).map((r) => r.redacted)).toEqual([false]);
  });

  it('is done by one process at a time', async () => {
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('select pg_advisory_lock(hashtext($1))', [INBOX_RETENTION_LOCK]);
      expect(await retention.purge(new Date(Date.now() + 31 * DAY_MS))).toBe('busy');
      await other.query('select pg_advisory_unlock(hashtext($1))', [INBOX_RETENTION_LOCK]);
    } finally {
      await other.release();
    }
    expect((await inboxRows()).map((r) => r.redacted)).toEqual([false, false, false]);
  });

  it('redacts processed items and dead letters past the period, and never a pending item', async () => {
    expect(await retention.purge(new Date(Date.now() + 31 * DAY_MS))).toEqual({ items: 2, deadLetters: 1 });
    expect(await inboxRows()).toEqual([
      { delivery: 'applied', seq: 0, state: 'applied', redacted: true, holds: false },
      { delivery: 'applied', seq: 1, state: 'rejected', redacted: true, holds: false },
      { delivery: 'pending', seq: 0, state: 'pending', redacted: false, holds: true },
    ]);
    const stubs: Array<{ payload: unknown }> = await db.dataSource.query(
      'select payload from delivery_item where delivery_id = $1 order by seq',
      [applied],
    );
    expect(stubs.map((s) => s.payload)).toEqual([
      { redacted: true, reason: 'retention', kind: 'sag', uuid: ids.kept },
      { redacted: true, reason: 'retention', kind: 'sag', uuid: ids.rejected },
    ]);
    expect(await deadLetters()).toEqual([
      { redacted: true, payload: { redacted: true, reason: 'retention', kind: 'sag', uuid: ids.rejected } },
    ]);
  });

  it('finds nothing left to do on the next run', async () => {
    expect(await retention.purge(new Date(Date.now() + 60 * DAY_MS))).toEqual({ items: 0, deadLetters: 0 });
  });
});
