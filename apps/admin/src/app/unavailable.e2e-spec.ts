import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { generateDevKeyPair, loadConfig, mintToken } from '@overblik/platform';
import {
  createTestDatabase,
  expectDatabaseUnavailable,
  seedTestReference,
  startTcpProxy,
  TEST_MUNICIPALITY,
  type TcpProxy,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { adminConfigSchema } from './admin.config';
import { createAdminApp } from './admin.app';

/** The admin app while PostgreSQL is down: it reaches the database through a TCP proxy the test cuts. */
let db: TestDatabase;
let pg: TcpProxy;
let app: INestApplication;
let token: string;

const listHeld = () =>
  request(app.getHttpServer()).get('/v1/held').set('authorization', `Bearer ${token}`).timeout(10_000);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  const keys = await generateDevKeyPair('admin-unavailable');
  const target = new URL(db.url);
  pg = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  app = await createAdminApp(
    loadConfig(adminConfigSchema, testEnv(db, { DATABASE_URL: pg.urlFor(db.url), ADMIN_JWKS: keys.jwks })),
  );
  await app.init();
  token = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-admin',
    subject: 'admin-1',
    scope: 'held:release',
    claims: { cvr: TEST_MUNICIPALITY.cvr },
  });
});
afterAll(async () => {
  await pg?.restore();
  await app?.close();
  await pg?.close();
  await db?.drop();
});

describe('while PostgreSQL is down', () => {
  it('answers with 503 problem+json and Retry-After, and recovers when it is back', async () => {
    expect((await listHeld()).status).toBe(200);
    expect(pg.connections).toBeGreaterThan(0);

    await pg.cut();
    expectDatabaseUnavailable(await listHeld());

    await pg.restore();
    const back = await listHeld();
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ items: [] });
  });
});
