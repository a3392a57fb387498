import {
  aDeliveryItem,
  aParty,
  aSag,
  aSyntheticCpr,
  citizenPartHead,
  cprKey,
  danishDay,
  type DeliveryItem,
} from '@overblik/domain';
import { ingestJobsFor } from '@overblik/jobs';
import {
  IndexWriteRepository,
  OverviewAnswerRepository,
  OverviewReadRepository,
  ReferenceDataRepository,
} from '@overblik/persistence';
import { loadConfig } from '@overblik/platform';
import {
  createTestDatabase,
  deliverToInbox,
  seedTestReference,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { IngestRetryScheduler } from '../ingest/ingest-retry.scheduler';
import { IngestMetrics } from '../ingest/ingest.metrics';
import { IngestService } from '../ingest/ingest.service';
import { ReferenceCache } from '../ingest/reference-cache.service';
import { workerConfigSchema } from '../worker.config';
import { AnswerRefreshService } from './answer-refresh.service';

jest.setTimeout(60_000);

class NoRetries extends IngestRetryScheduler {
  schedule(): void {
    throw new Error('no follow-up expected');
  }
}

let db: TestDatabase;
const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};

function aWorker(env: Record<string, string> = {}): { ingest: IngestService; refresh: AnswerRefreshService } {
  const config = loadConfig(workerConfigSchema, testEnv(db, { OVERVIEW_PRERENDER_INTERVAL_MS: '0', ...env }));
  const refresh = new AnswerRefreshService(
    new OverviewAnswerRepository(db.dataSource),
    new OverviewReadRepository(db.dataSource),
    config,
  );
  const reference = new ReferenceCache(new ReferenceDataRepository(db.dataSource), config);
  const ingest = new IngestService(
    new IndexWriteRepository(db.dataSource),
    reference,
    new IngestMetrics(),
    config,
    new NoRetries(),
    refresh,
  );
  return { ingest, refresh };
}

/** Accept the items as the API does and apply them as the worker does, in one chunk. */
async function deliverAndApply(ingest: IngestService, items: DeliveryItem[]): Promise<void> {
  const deliveryId = await deliverToInbox(db.dataSource, items);
  for (const job of ingestJobsFor(deliveryId, 0, items.length, items.length)) await ingest.applyRange(job);
}

/** The citizen's stored answer when it is valid for their read model, today and the configuration in force. */
async function validAnswer(cprSeed: number): Promise<{ revision: string; body: string } | undefined> {
  const reads = new OverviewReadRepository(db.dataSource);
  const stored = await reads.read(cprKey(aSyntheticCpr(cprSeed), TEST_CPR_HASH_KEY), danishDay());
  return stored.answer
    ? { revision: stored.revision ?? '', body: citizenPartHead(stored.answer.compressed).toString('utf8') }
    : undefined;
}

let worker: ReturnType<typeof aWorker>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  worker = aWorker();
});
afterAll(() => db?.drop());

describe('the worker renders a citizen’s answer right after ingesting their data', () => {
  it('stores a valid answer for each changed citizen, and renders it again after the next change', async () => {
    const { ingest, refresh } = worker;
    const first = aSag({ primaerPart: aParty({ cprSeed: 951 }), titel: 'Første sag', ...owned });
    await deliverAndApply(ingest, [
      aDeliveryItem(first),
      aDeliveryItem(aSag({ primaerPart: aParty({ cprSeed: 952 }), ...owned })),
    ]);
    await refresh.idle();
    const before = await validAnswer(951);
    expect(before?.body).toContain(first.uuid);
    expect(await validAnswer(952)).toBeDefined();
    expect(refresh.rendered).toBe(2);

    const second = aSag({ primaerPart: aParty({ cprSeed: 951 }), ...owned });
    await deliverAndApply(ingest, [aDeliveryItem(second)]);
    await refresh.idle();
    const after = await validAnswer(951);
    expect(after?.revision).not.toBe(before?.revision);
    expect(after?.body).toContain(second.uuid);
    expect(refresh.rendered).toBe(3);
  });

  it('renders nothing when OVERVIEW_RENDER_AFTER_INGEST=false (the API renders on the next call)', async () => {
    const { ingest, refresh } = aWorker({ OVERVIEW_RENDER_AFTER_INGEST: 'false' });
    await deliverAndApply(ingest, [aDeliveryItem(aSag({ primaerPart: aParty({ cprSeed: 953 }), ...owned }))]);
    await refresh.idle();
    expect(refresh.rendered).toBe(0);
    expect(await validAnswer(953)).toBeUndefined();
  });

  it('renders under the configuration in force, not the one it rendered with before', async () => {
    const { ingest, refresh } = worker;
    await db.dataSource.query(`update municipality set name = name || ' ' where cvr = $1`, [TEST_MUNICIPALITY.cvr]);
    await deliverAndApply(ingest, [aDeliveryItem(aSag({ primaerPart: aParty({ cprSeed: 954 }), ...owned }))]);
    await refresh.idle();
    expect(await validAnswer(954)).toBeDefined();
  });
});
