import { cprKey, projectCitizenOverview } from '@overblik/domain';
import { labourMarketSeed } from '@overblik/kle';
import { createTestDatabase, type TestDatabase } from '@overblik/testing';
import { BENCH_CPR_HASH_KEY, bulkLoad, inIndexShare } from './bulk-load.cli';
import { acceptCitizen } from './citizen-rows';
import { DEFAULT_AS_OF, generateCitizen } from './citizen.generator';
import { canonical } from './canonical-json';

const OPTIONS = { seed: 42, citizens: 40, indexShare: 1, dirty: 0.1, asOf: DEFAULT_AS_OF, secret: BENCH_CPR_HASH_KEY };
const TABLES = [
  'citizen_overview',
  'object_locator',
  'sag',
  'dokument',
  'sag_dokument',
  'bevilling',
  'effektuering',
  'held_record',
];

describe('bulk load', () => {
  let db: TestDatabase;
  let indexesBefore: unknown[];

  beforeAll(async () => {
    db = await createTestDatabase();
    indexesBefore = await db.dataSource.query(
      `select tablename, indexname, indexdef from pg_indexes where tablename = any($1::text[]) order by indexname`,
      [TABLES],
    );
    await bulkLoad(db.dataSource, OPTIONS);
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  const citizens = () =>
    Array.from({ length: OPTIONS.citizens }, (_, i) =>
      generateCitizen(i, { seed: OPTIONS.seed, dirtyShare: OPTIONS.dirty, asOf: OPTIONS.asOf }),
    );
  const accepted = () =>
    citizens().map((c) => ({
      citizen: c,
      accepted: acceptCitizen(c, { kle: labourMarketSeed(), knownBevilling: () => true }),
    }));
  const count = async (table: string): Promise<number> =>
    Number((await db.dataSource.query(`select count(*)::int as n from ${table}`))[0].n);

  it('puts back the same primary keys and indexes the migrations made', async () => {
    const after = await db.dataSource.query(
      `select tablename, indexname, indexdef from pg_indexes where tablename = any($1::text[]) order by indexname`,
      [TABLES],
    );
    expect(after).toEqual(indexesBefore);
  });

  it('stores the read model the domain projects for each citizen, under the citizen key', async () => {
    const expected = accepted().flatMap(({ citizen, accepted: a }) => {
      const body = projectCitizenOverview(a.rows);
      return body ? [{ key: cprKey(citizen.cpr, OPTIONS.secret), body }] : [];
    });
    const rows: Array<{ citizen_key: string; body: unknown; revision: string }> = await db.dataSource.query(
      'select citizen_key, body, revision from citizen_overview',
    );
    const byKey = new Map(rows.map((r) => [r.citizen_key, r]));
    expect(rows).toHaveLength(expected.length);
    for (const e of expected) {
      expect(canonical(byKey.get(e.key)?.body)).toEqual(canonical(JSON.parse(JSON.stringify(e.body))));
      expect(Number(byKey.get(e.key)?.revision)).toBe(1);
    }
  });

  it('stores person parties in the index bodies keyed, as the worker does, never by their number', async () => {
    const [row]: Array<{ clear: number; keyed: number }> = await db.dataSource.query(
      `select count(*) filter (where body::text like '%"urn:oio:cpr-nr:%')::int as clear,
              count(*) filter (where body::text like '%"urn:overblik:cpr-key:%')::int as keyed
         from (select body from sag union all select body from dokument
               union all select body from bevilling union all select body from effektuering) b`,
    );
    expect(row!.clear).toBe(0);
    expect(row!.keyed).toBeGreaterThan(0);
  });

  it('writes the index rows of what the worker would accept: refused dirt left out, held texts recorded', async () => {
    const all = accepted()
      .filter(({ citizen }) => inIndexShare(citizen.index, OPTIONS.indexShare))
      .map((x) => x.accepted);
    const sum = (f: (a: (typeof all)[number]) => number): number => all.reduce((n, a) => n + f(a), 0);
    expect(await count('sag')).toBe(sum((a) => a.sager.length));
    expect(await count('dokument')).toBe(sum((a) => a.dokumenter.length));
    expect(await count('bevilling')).toBe(sum((a) => a.bevillinger.length));
    expect(await count('effektuering')).toBe(sum((a) => a.effektueringer.length));
    expect(await count('object_locator')).toBe(
      sum((a) => a.sager.length + a.dokumenter.length + a.bevillinger.length + a.effektueringer.length),
    );
    expect(await count('held_record')).toBe(sum((a) => a.held.length));
    expect(sum((a) => a.held.length)).toBeGreaterThan(0);
    const refused = citizens().flatMap((c) =>
      c.items.filter((g) => g.dirty?.outcome === 'rejected').map((g) => g.item.object.uuid),
    );
    expect(refused.length).toBeGreaterThan(0);
    const stored: Array<{ n: number }> = await db.dataSource.query(
      'select count(*)::int as n from object_locator where id = any($1::uuid[])',
      [refused],
    );
    expect(stored[0]?.n).toBe(0);
  });

  it('keeps the benchmark keys n = 1..citizens', async () => {
    const rows: Array<{ n: number; citizen_key: string }> = await db.dataSource.query(
      'select n, citizen_key from bench_citizen_key order by n',
    );
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: OPTIONS.citizens }, (_, i) => i + 1));
    expect(rows[0]?.citizen_key).toBe(cprKey(citizens()[0]?.cpr ?? '', OPTIONS.secret));
  });

  it('refuses to load into tables that already hold rows', async () => {
    await expect(bulkLoad(db.dataSource, { ...OPTIONS, citizens: 1 })).rejects.toThrow(/already hold rows/);
  });
});
