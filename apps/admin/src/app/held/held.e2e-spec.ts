import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { aSag, cprKey, aSyntheticCpr } from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import { createTestDatabase, OTHER_MUNICIPALITY, seedTestReference, TEST_CPR_HASH_KEY, TEST_FAGSYSTEM, TEST_MUNICIPALITY, testEnv, type TestDatabase } from '@overblik/testing';
import { adminConfigSchema } from '../admin.config';
import { createAdminApp } from '../admin.app';

let db: TestDatabase;
let keys: DevKeyPair;
let app: INestApplication;
const citizenKey = cprKey(aSyntheticCpr(3), TEST_CPR_HASH_KEY);
const sag = aSag({ uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d0001', titel: 'Bekymring om misbrug', ejer: { cvr: TEST_MUNICIPALITY.cvr }, itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id } });

const adminToken = (cvr: string, scope = 'held:release') =>
  mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience: 'overblik-admin', subject: 'admin-1', scope, claims: { cvr } });

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
    [citizenKey, sag.uuid, TEST_MUNICIPALITY.cvr, TEST_FAGSYSTEM.id, sag.primaerKlasse.kle, sag.tidspunkt, JSON.stringify(sag)],
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
    const own = await request(app.getHttpServer()).get('/v1/held').set('authorization', `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr)}`).expect(200);
    expect(own.body.items).toEqual([expect.objectContaining({ objectId: sag.uuid, pointer: '/object/titel' })]);
    const other = await request(app.getHttpServer()).get('/v1/held').set('authorization', `Bearer ${await adminToken(OTHER_MUNICIPALITY.cvr)}`).expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('refuses another municipality, a wrong scope and no token', async () => {
    const [held] = await db.dataSource.query('select id::text from held_record');
    await request(app.getHttpServer()).post(`/v1/held/${held.id}/release`).set('authorization', `Bearer ${await adminToken(OTHER_MUNICIPALITY.cvr)}`).expect(404);
    await request(app.getHttpServer()).get('/v1/held').set('authorization', `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr, 'overview:read')}`).expect(403);
    await request(app.getHttpServer()).get('/v1/held').expect(401);
  });

  it('releases a held case and projects the read model again without the hold', async () => {
    const [held] = await db.dataSource.query('select id::text from held_record');
    await request(app.getHttpServer()).post(`/v1/held/${held.id}/release`).set('authorization', `Bearer ${await adminToken(TEST_MUNICIPALITY.cvr)}`).send({}).expect(200, { id: held.id, released: true });
    const [row] = await db.dataSource.query('select body from citizen_overview where citizen_key = $1', [citizenKey]);
    expect(row.body.sager).toEqual([expect.objectContaining({ id: sag.uuid, held: [] })]);
    const [rec] = await db.dataSource.query('select released_by from held_record where id = $1', [held.id]);
    expect(rec.released_by).toBe('admin-1');
  });
});
