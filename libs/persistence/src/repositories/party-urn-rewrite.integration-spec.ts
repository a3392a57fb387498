import { aParty, aSag, keyedCprUrn, partyUrnKeys, syntheticUuid } from '@overblik/domain';
import { createOwnTestDatabase, type OwnTestDatabase } from '../own-test-database';
import { keyStoredPartyUrns } from './party-urn-rewrite.repository';

const SECRET = 'test-secret-of-at-least-32-characters!!';
let db: OwnTestDatabase;
const people = [1, 2, 3].map((cprSeed) => aParty({ cprSeed }));
const company = { ...aParty(), urn: 'urn:oio:cvr-nr:29189846' };
const sager = [
  ...people.map((p, i) => aSag({ uuid: syntheticUuid(`rewrite-${i}`), primaerPart: p })),
  aSag({ uuid: syntheticUuid('rewrite-company'), primaerPart: company }),
  aSag({
    uuid: syntheticUuid('rewrite-keyed'),
    primaerPart: { ...people[0]!, urn: keyedCprUrn(people[0]!.urn, SECRET) },
  }),
];

beforeAll(async () => {
  db = await createOwnTestDatabase({ migrate: true });
  for (const [i, s] of sager.entries()) {
    await db.dataSource.query(
      `insert into sag (citizen_key, id, owner_cvr, master_fagsystem, kle, opstaaet_at, source_tidspunkt, body)
       values ($1, $2, '29189846', 'fs', '32.24.04', now(), now(), $3)`,
      [`key-${i % 2}`, s.uuid, JSON.stringify(s)],
    );
    for (const body of [{ operation: 'import', object: s }, null])
      await db.dataSource.query(
        `insert into index_registration (citizen_key, object_id, kind, operation, source_tidspunkt, outcome, body)
         values ($1, $2, 'sag', 'import', now(), 'applied', $3)`,
        [`key-${i % 2}`, s.uuid, body === null ? null : JSON.stringify(body)],
      );
  }
});
afterAll(() => db?.drop());

async function urns(table: 'sag' | 'index_registration'): Promise<Array<string | null>> {
  const path = table === 'sag' ? `body->'primaerPart'->>'urn'` : `body->'object'->'primaerPart'->>'urn'`;
  const rows: Array<{ urn: string | null }> = await db.dataSource.query(
    `select ${path} as urn from ${table} order by ${table === 'sag' ? 'id' : 'object_id, seq'}`,
  );
  return rows.map((r) => r.urn);
}

describe('keyStoredPartyUrns', () => {
  it('keys every CPR URN stored in the index and its history, a few rows at a time, and nothing else', async () => {
    const expected = (urn: string | null) => (urn?.startsWith('urn:oio:cpr-nr:') ? keyedCprUrn(urn, SECRET) : urn);
    const sagBefore = await urns('sag');
    const historyBefore = await urns('index_registration');
    const result = await keyStoredPartyUrns(db.dataSource, (b) => partyUrnKeys(b, SECRET), { batch: 2 });
    expect(result).toEqual([
      { table: 'sag', rewritten: 3 },
      { table: 'dokument', rewritten: 0 },
      { table: 'bevilling', rewritten: 0 },
      { table: 'effektuering', rewritten: 0 },
      { table: 'index_registration', rewritten: 3 },
    ]);
    expect(await urns('sag')).toEqual(sagBefore.map(expected));
    expect(await urns('index_registration')).toEqual(historyBefore.map(expected));
    const [left]: Array<{ n: number }> = await db.dataSource.query(
      `select (select count(*) from sag where body::text like '%urn:oio:cpr-nr:%')
            + (select count(*) from index_registration where body::text like '%urn:oio:cpr-nr:%') as n`,
    );
    expect(Number(left!.n)).toBe(0);
  });

  it('finds nothing to do the second time', async () => {
    const result = await keyStoredPartyUrns(db.dataSource, (b) => partyUrnKeys(b, SECRET));
    expect(result.map((r) => r.rewritten)).toEqual([0, 0, 0, 0, 0]);
  });
});
