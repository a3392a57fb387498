import { constants, crc32, deflateRawSync } from 'node:zlib';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { OverviewReadRepository, type StoredOverview } from './overview-read.repository';

/** A stored part's columns for `text` (the way `@overblik/overview-answer` compresses a rendered part). */
const compressed = (text: string) => {
  const head = Buffer.from(text.slice(0, -1), 'utf8');
  return {
    deflate: deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH }),
    crc32: crc32(head),
    length: head.length,
  };
};

let db: OwnTestDatabase;
let version: string;
const TODAY = '2026-11-26';

interface Master {
  query(q: { name: string; values: unknown[] }): Promise<unknown>;
}
const masterOf = (): Master => (db.dataSource.driver as unknown as { master: Master }).master;

/** The statements' names and how many citizens each read, while `run` runs. */
async function statementsDuring<T>(run: () => Promise<T>): Promise<{ result: T; statements: Array<[string, number]> }> {
  const master = masterOf();
  const query = master.query.bind(master);
  const statements: Array<[string, number]> = [];
  const spy = jest.spyOn(master, 'query').mockImplementation((q) => {
    if (typeof q === 'object' && q.name?.startsWith('overview-read')) {
      const first = q.values[0];
      statements.push([q.name, Array.isArray(first) ? first.length : 1]);
    }
    return query(q);
  });
  try {
    return { result: await run(), statements };
  } finally {
    spy.mockRestore();
  }
}

const key = (i: number): string => `citizen-${i}`;
const part = (i: number) => compressed(`{"answer":${i}}`);

beforeAll(async () => {
  db = await createOwnTestDatabase({ migrate: true });
  [{ version }] = (await db.dataSource.query(
    'select version::text as version from configuration_version where id = 1',
  )) as Array<{ version: string }>;
  // citizens 1–6 have a read model; 1–3 also an answer valid today, 4 one from an older revision
  for (let i = 1; i <= 6; i++) {
    await db.dataSource.query('insert into citizen_overview (citizen_key, body, revision) values ($1, $2, $3)', [
      key(i),
      { citizen: i },
      2,
    ]);
  }
  for (const [i, revision] of [
    [1, 2],
    [2, 2],
    [3, 2],
    [4, 1],
  ] as const) {
    await db.dataSource.query(
      `insert into overview_answer (citizen_key, revision, configuration_version, valid_from, valid_until, body_deflate, body_crc32, body_length, municipalities, record_ids, etag)
       values ($1, $2, $3, '2026-11-01', '2026-12-01', $4, $5, $6, '{29189846}', $7, $8)`,
      [
        key(i),
        revision,
        version,
        part(i).deflate,
        part(i).crc32 | 0,
        part(i).length,
        [`0b7d2a44-9a5e-4f47-9a57-33e1d8a0c00${i}`],
        `etag-${i}`,
      ],
    );
  }
});
afterAll(() => db?.drop());

describe('OverviewReadRepository on PostgreSQL', () => {
  const alone = new Map<string, StoredOverview>();

  it('reads a stored answer where one is valid, else the read model, else nothing', async () => {
    const reads = new OverviewReadRepository(db.dataSource);
    for (const i of [1, 2, 3, 4, 5, 6, 7]) alone.set(key(i), await reads.read(key(i), TODAY));
    expect(alone.get(key(1))).toEqual({
      configVersion: version,
      revision: '2',
      body: null,
      answer: {
        compressed: part(1),
        municipalities: ['29189846'],
        recordIds: ['0b7d2a44-9a5e-4f47-9a57-33e1d8a0c001'],
        etag: 'etag-1',
      },
    });
    expect(alone.get(key(4))).toEqual({ configVersion: version, revision: '2', body: { citizen: 4 }, answer: null });
    expect(alone.get(key(7))).toEqual({ configVersion: version, revision: null, body: null, answer: null });
  });

  it('reads each citizen read alone with the one-citizen statement', async () => {
    const reads = new OverviewReadRepository(db.dataSource);
    const { statements } = await statementsDuring(() => Promise.all([1, 2, 3].map((i) => reads.read(key(i), TODAY))));
    expect(statements).toEqual([
      ['overview-read-answer', 1],
      ['overview-read-answer', 1],
      ['overview-read-answer', 1],
    ]);
  });

  it('reads several citizens in one shared statement, each getting what it would have read alone', async () => {
    const reads = new OverviewReadRepository(db.dataSource);
    const asked = [1, 2, 3, 4, 5, 6, 7];
    const { result, statements } = await statementsDuring(() =>
      reads.readStatement(
        asked.map((i) => key(i)),
        'answer',
        TODAY,
      ),
    );
    expect(statements).toEqual([['overview-read-answers', 7]]);
    expect([...result.keys()]).toEqual(asked.map((i) => key(i)));
    expect([...result.values()]).toEqual(asked.map((i) => alone.get(key(i))));
  });

  it('reads the read model instead of a stored answer on a day the answer no longer holds, or when asked to', async () => {
    const reads = new OverviewReadRepository(db.dataSource);
    const { result, statements } = await statementsDuring(async () => [
      await reads.readStatement([key(2), key(4)], 'answer', '2026-12-24'),
      await reads.readStatement([key(3)], 'model', TODAY),
      await reads.readStatement([key(3), key(5)], 'model', TODAY),
    ]);
    expect(statements).toEqual([
      ['overview-read-answers', 2],
      ['overview-read', 1],
      ['overview-read-many', 2],
    ]);
    // on 2026-12-24 citizen 2's answer is no longer valid: the read model comes instead
    expect(result[0]!.get(key(2))).toEqual({
      configVersion: version,
      revision: '2',
      body: { citizen: 2 },
      answer: null,
    });
    expect(result[1]!.get(key(3))).toEqual({
      configVersion: version,
      revision: '2',
      body: { citizen: 3 },
      answer: null,
    });
    expect(result[2]!.get(key(5))).toEqual({
      configVersion: version,
      revision: '2',
      body: { citizen: 5 },
      answer: null,
    });
  });
});
