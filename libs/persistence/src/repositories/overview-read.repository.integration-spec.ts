import { compressCitizenPart } from '@overblik/domain';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { MAX_SHARED_READ, OverviewReadRepository, type StoredOverview } from './overview-read.repository';

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
const part = (i: number) => compressCitizenPart(`{"answer":${i}}`);

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

  it('without lanes, every read is its own statement', async () => {
    const reads = new OverviewReadRepository(db.dataSource);
    const { statements } = await statementsDuring(() => Promise.all([1, 2, 3].map((i) => reads.read(key(i), TODAY))));
    expect(statements).toEqual([
      ['overview-read-answer', 1],
      ['overview-read-answer', 1],
      ['overview-read-answer', 1],
    ]);
  });

  it('with one lane, the reads that arrive while it is busy share the next statement, and each gets what it would have read alone', async () => {
    const reads = new OverviewReadRepository(db.dataSource, { sharedReadLanes: 1 });
    const asked = [1, 2, 3, 4, 5, 6, 7, 2];
    const { result, statements } = await statementsDuring(() =>
      Promise.all(asked.map((i) => reads.read(key(i), TODAY))),
    );
    // the first goes at once, alone; the other seven (citizen 2 twice) wait and go together
    expect(statements).toEqual([
      ['overview-read-answer', 1],
      ['overview-read-answers', 6],
    ]);
    expect(result).toEqual(asked.map((i) => alone.get(key(i))));
  });

  it('shares a statement only between reads of the same day and kind, and reads at most 64 citizens in one', async () => {
    const reads = new OverviewReadRepository(db.dataSource, { sharedReadLanes: 1 });
    const many = Array.from({ length: MAX_SHARED_READ + 2 }, (_, i) => 1 + (i % 6) + 6 * Math.floor(i / 6));
    const { result, statements } = await statementsDuring(() =>
      Promise.all([
        reads.read(key(1), TODAY),
        reads.read(key(2), '2026-12-24'),
        reads.read(key(3), TODAY, false),
        reads.read(key(4), '2026-12-24'),
        ...many.map((i) => reads.read(key(i), TODAY)),
      ]),
    );
    expect(statements).toEqual([
      ['overview-read-answer', 1],
      ['overview-read-answers', 2], // the other day, first to wait
      ['overview-read', 1], // the read model, for one citizen: the one-citizen statement
      ['overview-read-answers', MAX_SHARED_READ],
      ['overview-read-answers', 2],
    ]);
    // on 2026-12-24 citizen 2's answer is no longer valid: the read model comes instead
    expect(result[1]).toEqual({ configVersion: version, revision: '2', body: { citizen: 2 }, answer: null });
    expect(result[2]).toEqual({ configVersion: version, revision: '2', body: { citizen: 3 }, answer: null });
    expect(result.slice(4)).toEqual(
      many.map((i) => alone.get(key(i)) ?? { configVersion: version, revision: null, body: null, answer: null }),
    );
  });

  it('a failed shared statement fails its own reads only, and frees its lane', async () => {
    const reads = new OverviewReadRepository(db.dataSource, { sharedReadLanes: 1 });
    const master = masterOf();
    const query = master.query.bind(master);
    let failed = false;
    const spy = jest.spyOn(master, 'query').mockImplementation((q) => {
      if (q.name === 'overview-read-answers' && !failed) {
        failed = true;
        return Promise.reject(new Error('connection reset'));
      }
      return query(q);
    });
    try {
      const outcomes = await Promise.allSettled([1, 2, 3].map((i) => reads.read(key(i), TODAY)));
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
      expect(await Promise.all([5, 6].map((i) => reads.read(key(i), TODAY)))).toEqual([
        alone.get(key(5)),
        alone.get(key(6)),
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
