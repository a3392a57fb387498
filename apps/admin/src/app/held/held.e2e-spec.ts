import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { aSag, cprKey, aSyntheticCpr, projectCitizenOverview } from '@overblik/domain';
import { IndexWriteRepository } from '@overblik/persistence';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  createTestDatabase,
  OTHER_MUNICIPALITY,
  seedTestReference,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { adminConfigSchema } from '../admin.config';
import { createAdminApp } from '../admin.app';

let db: TestDatabase;
let keys: DevKeyPair;
let app: INestApplication;
const citizenKey = cprKey(aSyntheticCpr(3), TEST_CPR_HASH_KEY);
const sag = aSag({
  uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d0001',
  titel: 'Bekymring om misbrug',
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
});

const adminToken = (cvr: string, scope = 'held:release') =>
  mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-admin',
    subject: 'admin-1',
    scope,
    claims: { cvr },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  keys = await generateDevKeyPair('admin-test');
  // a case the safety net held (as the worker leaves it)
  await db.dataSource.query(
    `insert into object_locator (id, kind, citizen_key, owner_cvr, master_fagsystem, source_tidspunkt) values ($1,'sag',$2,$3,$4,$5)`,
    [sag.uuid, citizenKey, TEST_MUNICIPALITY.cvr, TEST_FAGSYSTEM.id, sag.tidspunkt],
  );
  await db.dataSource.query(
    `insert into sag (citizen_key, id, owner_cvr, master_fagsystem, kle, opstaaet_at, source_tidspunkt, body) values ($1,$2,$3,$4,$5,$6,$6,$7)`,
    [
      citizenKey,
      sag.uuid,
      TEST_MUNICIPALITY.cvr,
      TEST_FAGSYSTEM.id,
      sag.primaerKlasse.kle,
      sag.tidspunkt,
      JSON.stringify(sag),
    ],
  );
  await db.dataSource.query(
    `insert into held_record (citizen_key, object_id, kind, owner_cvr, pointer, reason) values ($1,$2,'sag',$3,'/object/titel','word on the municipality''s list')`,
    [citizenKey, sag.uuid, TEST_MUNICIPALITY.cvr],
  );
  app = await createAdminApp(loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks })));
  await app.init();
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('held records', () => {
  it("lists what the safety net holds in the administrator's municipality only", async () => {
    const own = await request(app.getHttpServer())
      .get('/v1/held')
      .set('authorization', `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr)}`)
      .expect(200);
    expect(own.body.items).toEqual([expect.objectContaining({ objectId: sag.uuid, pointer: '/object/titel' })]);
    const other = await request(app.getHttpServer())
      .get('/v1/held')
      .set('authorization', `Bearer ${await adminToken(OTHER_MUNICIPALITY.cvr)}`)
      .expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('refuses another municipality, a wrong scope and no token', async () => {
    const [held] = await db.dataSource.query('select id::text from held_record');
    await request(app.getHttpServer())
      .post(`/v1/held/${held.id}/release`)
      .set('authorization', `Bearer ${await adminToken(OTHER_MUNICIPALITY.cvr)}`)
      .expect(404);
    await request(app.getHttpServer())
      .get('/v1/held')
      .set('authorization', `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr, 'overview:read')}`)
      .expect(403);
    await request(app.getHttpServer()).get('/v1/held').expect(401);
  });

  it.each([
    ['past the bigint ids', 'after=9223372036854775808', '/query/after'],
    ['in exponent notation', 'after=1e30', '/query/after'],
    ['negative', 'after=-1', '/query/after'],
    ['repeated', 'after=1&after=2', '/query/after'],
    ['a limit of 0', 'limit=0', '/query/limit'],
    ['a limit past 500', 'limit=501', '/query/limit'],
  ])('refuses paging %s with 400 QUERY-PAGING-INVALID at the parameter', async (_what, query, pointer) => {
    const res = await request(app.getHttpServer())
      .get(`/v1/held?${query}`)
      .set('authorization', `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr)}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      rule: 'QUERY-PAGING-INVALID',
      violations: [{ rule: 'QUERY-PAGING-INVALID', pointer }],
    });
  });

  it('pages with after at the end of the bigint range and a limit', async () => {
    const bearer = `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr)}`;
    const end = await request(app.getHttpServer())
      .get('/v1/held?after=9223372036854775807')
      .set('authorization', bearer)
      .expect(200);
    expect(end.body.items).toEqual([]);
    const first = await request(app.getHttpServer())
      .get('/v1/held?after=0&limit=1')
      .set('authorization', bearer)
      .expect(200);
    expect(first.body.items).toHaveLength(1);
  });

  it('releases a held case and projects the read model again without the hold', async () => {
    const [held] = await db.dataSource.query('select id::text from held_record');
    await request(app.getHttpServer())
      .post(`/v1/held/${held.id}/release`)
      .set('authorization', `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr)}`)
      .send({})
      .expect(200, { id: held.id, released: true });
    const [row] = await db.dataSource.query('select body from citizen_overview where citizen_key = $1', [citizenKey]);
    expect(row.body.sager).toEqual([expect.objectContaining({ id: sag.uuid, held: [] })]);
    const [rec] = await db.dataSource.query('select released_by from held_record where id = $1', [held.id]);
    expect(rec.released_by).toBe('admin-1');
  });
});

describe('a release while a worker chunk writes the same citizen', () => {
  const key = cprKey(aSyntheticCpr(4), TEST_CPR_HASH_KEY);
  const owned = {
    ejer: { cvr: TEST_MUNICIPALITY.cvr },
    itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
  };
  const held = aSag({ ...owned, uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d0002', titel: 'Bekymring om misbrug' });
  const fresh = aSag({ ...owned, uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d0003', titel: 'Ansøgning om hjælp' });
  const insertSag = (q: { query: (sql: string, params: unknown[]) => Promise<unknown> }, s: typeof held) =>
    Promise.all([
      q.query(
        `insert into object_locator (id, kind, citizen_key, owner_cvr, master_fagsystem, source_tidspunkt) values ($1,'sag',$2,$3,$4,$5)`,
        [s.uuid, key, TEST_MUNICIPALITY.cvr, TEST_FAGSYSTEM.id, s.tidspunkt],
      ),
      q.query(
        `insert into sag (citizen_key, id, owner_cvr, master_fagsystem, kle, opstaaet_at, source_tidspunkt, body) values ($1,$2,$3,$4,$5,$6,$6,$7)`,
        [key, s.uuid, TEST_MUNICIPALITY.cvr, TEST_FAGSYSTEM.id, s.primaerKlasse.kle, s.tidspunkt, JSON.stringify(s)],
      ),
    ]);
  /** The full projection of what is stored for the citizen (what the document must equal). */
  const projectedNow = async () => {
    const rows = await new IndexWriteRepository(db.dataSource).inTransaction((session) => session.citizenRows([key]));
    return JSON.parse(JSON.stringify(projectCitizenOverview(rows.get(key)!)));
  };
  const waitingOnALock = async (): Promise<boolean> => {
    const rows: unknown[] = await db.dataSource.query(
      `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
      [],
    );
    return rows.length > 0;
  };

  it("keeps the entry of a chunk that patches the citizen's document while the release re-projects it", async () => {
    await insertSag(db.dataSource, held);
    const [rec]: Array<{ id: string }> = await db.dataSource.query(
      `insert into held_record (citizen_key, object_id, kind, owner_cvr, pointer, reason) values ($1,$2,'sag',$3,'/object/titel','word on the municipality''s list') returning id::text`,
      [key, held.uuid, TEST_MUNICIPALITY.cvr],
    );
    await db.dataSource.query('insert into citizen_overview (citizen_key, body) values ($1, $2)', [
      key,
      JSON.stringify(await projectedNow()),
    ]);

    // a worker chunk: writes another case of the citizen and patches the document, and has not committed yet
    const chunk = db.dataSource.createQueryRunner();
    await chunk.connect();
    await chunk.startTransaction();
    try {
      await insertSag(chunk, fresh);
      const rows = await new IndexWriteRepository(db.dataSource).inTransaction((session) => session.citizenRows([key]));
      const withFresh = rows.get(key)!;
      withFresh.sager.push({ id: fresh.uuid, body: fresh, links: [] });
      await chunk.query('update citizen_overview set body = $2, revision = revision + 1 where citizen_key = $1', [
        key,
        JSON.stringify(projectCitizenOverview(withFresh)),
      ]);

      const release = request(app.getHttpServer())
        .post(`/v1/held/${rec!.id}/release`)
        .set('authorization', `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr)}`)
        .send({})
        .then((r) => r);
      const until = Date.now() + 10_000;
      while (!(await waitingOnALock())) {
        if (Date.now() > until) throw new Error('the release never waited for the chunk');
        await new Promise((r) => setTimeout(r, 20));
      }
      await chunk.commitTransaction();
      const res = await release;
      expect([res.status, res.body]).toEqual([200, { id: rec!.id, released: true }]);
    } finally {
      if (chunk.isTransactionActive) await chunk.rollbackTransaction();
      await chunk.release();
    }
    const [row]: Array<{ body: { sager: Array<{ id: string; held: unknown[] }> } }> = await db.dataSource.query(
      'select body from citizen_overview where citizen_key = $1',
      [key],
    );
    expect(row!.body.sager.map((x) => x.id).sort()).toEqual([held.uuid, fresh.uuid].sort());
    expect(row!.body).toEqual(await projectedNow());
  });
});
