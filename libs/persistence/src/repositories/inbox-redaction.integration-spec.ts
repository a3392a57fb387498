import { RedactRemovedObjects1732300015100 } from '../migrations/1732300015100-redact-removed-objects.migration';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { InboxRetentionRepository } from './inbox-retention.repository';

let db: OwnTestDatabase;
const DELIVERY = '0b7a4c1e-5d0f-4e6a-9c3b-2f1d8e7a6b50';
const REMOVED = '1c8b5d2f-6e1a-4f7b-8d4c-3a2e9f8b7c61';
const LIVE = '2d9c6e3a-7f2b-4a8c-9e5d-4b3f0a9c8d72';
/** Stands in for a party's data in a delivered body. */
const PARTY = 'party-data';

const body = (uuid: string, kind = 'sag') =>
  JSON.stringify({ operation: 'import', object: { objectType: kind, uuid, part: PARTY } });

beforeAll(async () => {
  db = await createOwnTestDatabase({ migrate: true });
  await db.dataSource.query(`
    insert into fagsystem (id, vendor, product, version, category) values ('fs-a', 'A', 'A', '1', 'ESDH');
    insert into delivery (id, fagsystem_id, body_hash, transport) values ('${DELIVERY}', 'fs-a', 'h', 'batch');`);
  // seq: 0 applied (removed object), 1 rejected at intake without a kind (removed object), 2 pending (removed
  // object), 3 applied (live object), 4 applied (another kind with the removed object's uuid)
  const items: Array<[number, string, string | null, string, string]> = [
    [0, REMOVED, 'sag', 'applied', body(REMOVED)],
    [1, REMOVED, null, 'rejected', body(REMOVED)],
    [2, REMOVED, 'sag', 'pending', body(REMOVED)],
    [3, LIVE, 'sag', 'applied', body(LIVE)],
    [4, REMOVED, 'dokument', 'rejected', body(REMOVED, 'dokument')],
  ];
  for (const [seq, id, kind, state, payload] of items) {
    await db.dataSource.query(
      `insert into delivery_item (delivery_id, seq, object_id, kind, operation, payload, state, processed_at)
       values ($1, $2, $3, $4, 'import', $5, $6, case when $6 = 'pending' then null else now() - interval '2 days' end)`,
      [DELIVERY, seq, id, kind, payload, state],
    );
  }
  for (const seq of [1, 4])
    await db.dataSource.query(
      `insert into dead_letter (fagsystem_id, delivery_id, seq, object_id, payload, rule, pointer, message, created_at)
       select 'fs-a', delivery_id, seq, object_id, payload, 'R', '', 'm', now() - interval '2 days' from delivery_item
        where delivery_id = $1 and seq = $2`,
      [DELIVERY, seq],
    );
  for (const [id, removed] of [
    [REMOVED, true],
    [LIVE, false],
  ] as const) {
    await db.dataSource.query(
      `insert into object_locator (id, kind, citizen_key, owner_cvr, master_fagsystem, source_tidspunkt, removed_at)
       values ($1, 'sag', 'k', '29189846', 'fs-a', now(), case when $2 then now() end)`,
      [id, removed],
    );
    await db.dataSource.query(
      `insert into index_registration (citizen_key, object_id, kind, operation, source_tidspunkt, outcome, body)
       values ('k', $1, 'sag', 'import', now(), 'applied', $2)`,
      [id, body(id)],
    );
  }
});
afterAll(() => db?.drop());

const holding = async (table: string): Promise<number[]> =>
  (
    (await db.dataSource.query(`select seq from ${table} where payload::text like $1 order by seq`, [
      `%${PARTY}%`,
    ])) as Array<{ seq: number }>
  ).map((r) => r.seq);

describe('redaction of objects removed before this release (data migration)', () => {
  it('redacts the processed copies of removed objects only, and their history bodies', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      await new RedactRemovedObjects1732300015100().up(runner);
    } finally {
      await runner.release();
    }
    expect(await holding('delivery_item')).toEqual([2, 3, 4]);
    expect(await holding('dead_letter')).toEqual([4]);
    const history: Array<{ object_id: string; has_body: boolean }> = await db.dataSource.query(
      'select object_id, body is not null as has_body from index_registration order by object_id',
    );
    expect(history).toEqual([
      { object_id: REMOVED, has_body: false },
      { object_id: LIVE, has_body: true },
    ]);
  });
});

describe('InboxRetentionRepository.purgeBefore', () => {
  it('redacts every processed item and dead letter before the cutoff, one batch at a time, and no pending item', async () => {
    const repo = new InboxRetentionRepository(db.dataSource);
    expect(await repo.purgeBefore(new Date(Date.now() - 3 * 86_400_000), 1)).toEqual({ items: 0, deadLetters: 0 });
    expect(await repo.purgeBefore(new Date(), 1)).toEqual({ items: 2, deadLetters: 1 });
    expect(await holding('delivery_item')).toEqual([2]);
    expect(await holding('dead_letter')).toEqual([]);
  });
});
