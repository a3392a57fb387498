import { constants, crc32, deflateRawSync } from 'node:zlib';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { OverviewAnswerRepository, STALE_AFTER_SQL } from './overview-answer.repository';

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
const DAY = '2026-11-26';
const key = (i: number): string => `citizen-${String(i).padStart(2, '0')}`;

beforeAll(async () => {
  db = await createOwnTestDatabase({ migrate: true });
  [{ version }] = (await db.dataSource.query(
    'select version::text as version from configuration_version where id = 1',
  )) as Array<{ version: string }>;
  // citizens 1–10 have a read model at revision 2; the odd ones an answer valid on DAY, 4 one of an older revision, 6 one that expired
  for (let i = 1; i <= 10; i++) {
    await db.dataSource.query('insert into citizen_overview (citizen_key, body, revision) values ($1, $2, 2)', [
      key(i),
      { citizen: i },
    ]);
  }
  const stored: Array<[number, number, string]> = [
    [1, 2, '2026-12-01'],
    [3, 2, '2026-12-01'],
    [4, 1, '2026-12-01'],
    [5, 2, '2026-12-01'],
    [6, 2, DAY],
    [7, 2, '2026-12-01'],
    [9, 2, '2026-12-01'],
  ];
  for (const [i, revision, validUntil] of stored) {
    const part = compressed(`{"answer":${i}}`);
    await db.dataSource.query(
      `insert into overview_answer (citizen_key, revision, configuration_version, valid_from, valid_until, body_deflate, body_crc32, body_length, municipalities, record_ids, etag)
       values ($1, $2, $3, '2026-11-01', $4, $5, $6, $7, '{}', '{}', $8)`,
      [key(i), revision, version, validUntil, part.deflate, part.crc32 | 0, part.length, `etag-${i}`],
    );
  }
});
afterAll(() => db?.drop());

describe('OverviewAnswerRepository on PostgreSQL', () => {
  it('walks the citizens whose answer is missing or stale, in key order, round after round', async () => {
    const answers = new OverviewAnswerRepository(db.dataSource);
    const rounds: string[][] = [];
    let after = '';
    for (;;) {
      const stale = await answers.staleAfter(after, version, DAY, 2);
      if (!stale.length) break;
      rounds.push(stale.map((c) => c.citizenKey));
      after = stale[stale.length - 1]!.citizenKey;
    }
    // 2 and 8 and 10 have none, 4 an older revision's, 6 one that ended before DAY
    expect(rounds).toEqual([[key(2), key(4)], [key(6), key(8)], [key(10)]]);
    expect((await answers.staleAfter('', String(Number(version) + 1), DAY, 20)).length).toBe(10); // another configuration: all stale
  });

  it('bounds the stored answers it scans to the keys after the last round (no pass that rereads what it stored)', async () => {
    // the plan the bench database got (a merge anti-join over both keys), forced on these few rows
    const plan = await db.dataSource.transaction(async (tx) => {
      for (const off of ['enable_hashjoin', 'enable_nestloop', 'enable_seqscan', 'enable_bitmapscan'])
        await tx.query(`set local ${off} = off`);
      const [row] = (await tx.query(`explain (format json) ${STALE_AFTER_SQL}`, [key(4), version, DAY, 2])) as Array<{
        'QUERY PLAN': unknown;
      }>;
      return row!['QUERY PLAN'];
    });
    const scans: Array<Record<string, unknown>> = [];
    const walk = (node: Record<string, unknown>): void => {
      if (node['Relation Name'] === 'overview_answer') scans.push(node);
      for (const child of (node['Plans'] as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
    };
    walk((plan as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan);
    expect(scans).toHaveLength(1);
    expect(String(scans[0]!['Index Cond'])).toMatch(/citizen_key > /);
  });
});
