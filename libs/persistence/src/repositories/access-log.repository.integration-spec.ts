import { type AccessLogEntry, GENESIS_HASH } from '@overblik/domain';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { AccessLogRepository } from './access-log.repository';

let db: OwnTestDatabase;
let log: AccessLogRepository;

const entry = (i: number, o: Partial<AccessLogEntry> = {}): AccessLogEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 10, 0, 0, i)).toISOString(),
  clientId: 'orchestration',
  purpose: 'MIT_OVERBLIK',
  citizenKey: `k${i % 3}`,
  municipalities: i % 2 ? ['29189846', '29189900'] : [],
  recordIds: i % 2 ? ['6f1c1f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f', '0b7d2a44-9a5e-4f47-9a57-33e1d8a0c001'] : [],
  flagged: i === 4,
  ...o,
});

beforeAll(async () => {
  db = await createOwnTestDatabase({ migrate: true });
  log = new AccessLogRepository(db.dataSource);
});
afterAll(() => db?.drop());

describe('AccessLogRepository on PostgreSQL', () => {
  it('starts empty and verified', async () => {
    expect(await log.verify()).toEqual({ ok: true, checked: 0 });
    const [head] = await db.dataSource.query('select seq::int, hash from access_log_head');
    expect(head).toEqual({ seq: 0, hash: GENESIS_HASH });
  });

  it('appends concurrent batches as one chain that verifies across pages', async () => {
    await Promise.all([0, 1, 2, 3].map((b) => log.append([1, 2, 3, 4, 5].map((i) => entry(b * 10 + i)))));
    expect(await log.verify(7)).toEqual({ ok: true, checked: 20 });
  });

  it('numbers on from the record it last wrote in one statement, and takes the lock when another writer took the number', async () => {
    // two repositories stand for two API processes on one database
    const a = new AccessLogRepository(db.dataSource);
    const b = new AccessLogRepository(db.dataSource);
    const statements: string[] = [];
    const master = (
      db.dataSource.driver as unknown as { master: { connect(): Promise<{ query: (q: unknown) => Promise<unknown> }> } }
    ).master;
    const connect = master.connect.bind(master);
    const spy = jest.spyOn(master, 'connect').mockImplementation(async () => {
      const client = await connect();
      const query = client.query.bind(client);
      return Object.assign(Object.create(client) as object, {
        query: (q: unknown) => {
          statements.push(typeof q === 'string' ? q.trim().split(/\s+/)[0]! : (q as { name: string }).name);
          return query(q);
        },
      }) as never;
    });
    try {
      await a.append([entry(101)]); // first write: takes the lock to learn the head
      await a.append([entry(102), entry(103)]); // then one statement per batch
      expect(statements).toEqual(['begin;', 'insert', 'access-log-append']);
      statements.length = 0;
      await b.append([entry(104)]);
      await a.append([entry(105)]); // b took the number after a's last record: nothing written, then the locked path
      expect(statements).toEqual(['begin;', 'insert', 'access-log-append', 'begin;', 'insert']);
      await Promise.all([
        a.append([entry(106), entry(107)]),
        b.append([entry(108)]),
        a.append([entry(109)]),
        b.append([entry(110), entry(111)]),
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(await log.verify(5)).toEqual({ ok: true, checked: 31 });
    const rows = await db.dataSource.query(
      'select seq::int, citizen_key, municipalities, record_ids::text[] as record_ids from access_log where seq > 20 order by seq',
    );
    expect(rows).toHaveLength(11);
    const seq105 = (await log.forCitizen('k0', 100)).find((r) => r.at === entry(105).at);
    expect(seq105).toMatchObject({ municipalities: entry(105).municipalities, recordIds: entry(105).recordIds });
  });

  it('keeps one chain while three writers race between the fast and the locked path', async () => {
    const writers = [0, 1, 2].map(() => new AccessLogRepository(db.dataSource, { checkpointEveryMs: 0 }));
    const before = (await log.verify()).checked;
    await Promise.all(
      writers.map(async (w, n) => {
        for (let round = 0; round < 12; round++)
          await w.append([entry(200 + n * 100 + round), entry(250 + n * 100 + round)]);
      }),
    );
    expect(await log.verify(13)).toEqual({ ok: true, checked: before + 72 });
  });

  it("lists one citizen's reads newest first", async () => {
    const reads = await log.forCitizen('k1', 3);
    expect(reads).toHaveLength(3);
    expect(reads[0]!.seq).toBeGreaterThan(reads[1]!.seq);
    expect(reads.every((r) => r.citizenKey === 'k1')).toBe(true);
  });

  it('refuses update and delete, and finds a changed or a cut-off row', async () => {
    await expect(db.dataSource.query('delete from access_log where seq = 20')).rejects.toThrow(/append-only/);
    await db.dataSource.query('alter table access_log disable trigger access_log_append_only');
    try {
      await db.dataSource.query('delete from access_log where seq = 20');
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 20 });
      await db.dataSource.query("update access_log set client_id = 'someone' where seq = 5");
      expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 5 });
    } finally {
      await db.dataSource.query('alter table access_log enable trigger access_log_append_only');
    }
  });
});

describe('AccessLogRepository checkpoint', () => {
  let own: OwnTestDatabase;
  beforeAll(async () => {
    own = await createOwnTestDatabase({ migrate: true });
  });
  afterAll(() => own?.drop());
  const checkpoint = async () =>
    (
      (await own.dataSource.query('select seq::int, hash from access_log_head')) as Array<{ seq: number; hash: string }>
    )[0];
  const lastRecord = async () =>
    (
      (await own.dataSource.query('select seq::int, hash from access_log order by seq desc limit 1')) as Array<{
        seq: number;
        hash: string;
      }>
    )[0];

  it('moves with every batch when asked to, and at most once per interval otherwise', async () => {
    const everyBatch = new AccessLogRepository(own.dataSource, { checkpointEveryMs: 0 });
    await everyBatch.append([entry(1)]);
    await everyBatch.append([entry(2), entry(3)]);
    expect(await checkpoint()).toEqual(await lastRecord());
    expect((await lastRecord())!.seq).toBe(3);

    const seldom = new AccessLogRepository(own.dataSource, { checkpointEveryMs: 60_000 });
    await seldom.append([entry(4)]); // the locked path (first write) moves it
    const moved = await checkpoint();
    expect(moved!.seq).toBe(4);
    await seldom.append([entry(5)]);
    await seldom.append([entry(6), entry(7)]);
    expect(await checkpoint()).toEqual(moved); // not again within the interval
    expect(await new AccessLogRepository(own.dataSource).verify(3)).toEqual({ ok: true, checked: 7 });
  });

  it('finds a tail cut off into the checkpointed part', async () => {
    await own.dataSource.query('alter table access_log disable trigger access_log_append_only');
    try {
      await own.dataSource.query('delete from access_log where seq >= 4');
      expect(await new AccessLogRepository(own.dataSource).verify()).toEqual({ ok: false, checked: 3, brokenAt: 4 });
    } finally {
      await own.dataSource.query('alter table access_log enable trigger access_log_append_only');
    }
  });
});
