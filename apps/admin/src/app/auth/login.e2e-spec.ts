import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AdminAccessRepository } from '@overblik/persistence';
import { generateDevKeyPair, loadConfig } from '@overblik/platform';
import {
  createTestDatabase,
  DEV_ADMIN_PASSWORD,
  devAdminUsers,
  OTHER_MUNICIPALITY,
  seedTestReference,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { csrfOf, loggedInAgent } from '../web/testing/session-agent';
import { adminConfigSchema } from '../admin.config';
import { createAdminApp } from '../admin.app';

let db: TestDatabase;
let app: INestApplication;
const admin1 = `admin1-${TEST_MUNICIPALITY.cvr}`;

const loggedIn = (username: string) => loggedInAgent(app, username);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  await new AdminAccessRepository(db.dataSource).upsertUsers(
    await devAdminUsers([TEST_MUNICIPALITY, OTHER_MUNICIPALITY]),
  );
  const keys = await generateDevKeyPair('admin-login-test');
  app = await createAdminApp(
    loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks, ADMIN_COOKIE_SECURE: 'false' })),
  );
  await app.init();
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('login, sessions and CSRF', () => {
  it('sends a person who is not logged in to the login page', async () => {
    await request(app.getHttpServer()).get('/').expect(303).expect('location', '/log-ind');
  });

  it('logs in with a session cookie that is HTTP-only, and out again', async () => {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/log-ind').expect(200);
    expect(page.text).toContain('<label class="form-label" for="username">Brugernavn</label>');
    const login = await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username: admin1, password: DEV_ADMIN_PASSWORD })
      .expect(303);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('overblik_admin='))).toMatch(/HttpOnly/i);
    const front = await agent.get('/').expect(200);
    expect(front.text).toContain('Administrator 1');
    await agent
      .post('/log-ud')
      .type('form')
      .send({ _csrf: csrfOf(front.text) })
      .expect(303)
      .expect('location', '/log-ind');
    await agent.get('/').expect(303).expect('location', '/log-ind');
  });

  it('gives a new session id at login (no fixation)', async () => {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/log-ind').expect(200);
    const before = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('overblik_admin='));
    const login = await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username: admin1, password: DEV_ADMIN_PASSWORD });
    const after = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('overblik_admin='));
    expect(before).toBeDefined();
    expect(after?.split(';')[0]).not.toEqual(before?.split(';')[0]);
  });

  it('answers a wrong password with one Danish message next to the field, and counts it', async () => {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/log-ind');
    const wrong = await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username: `admin2-${TEST_MUNICIPALITY.cvr}`, password: 'forkert' })
      .expect(400);
    expect(wrong.text).toContain('Brugernavnet eller adgangskoden er forkert.');
    expect(wrong.text).toContain('id="password-error"');
    expect(wrong.text).not.toContain('forkert"');
    const empty = await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: csrfOf(wrong.text) })
      .expect(400);
    expect(empty.text).toContain('Skriv dit brugernavn.');
    expect(empty.text).toContain('Skriv din adgangskode.');
  });

  it('locks a user name after five wrong passwords', async () => {
    const agent = request.agent(app.getHttpServer());
    let html = (await agent.get('/log-ind')).text;
    for (let i = 0; i < 5; i++) {
      html = (
        await agent
          .post('/log-ind')
          .type('form')
          .send({ _csrf: csrfOf(html), username: 'auditor', password: `x${i}` })
      ).text;
    }
    const locked = await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: csrfOf(html), username: 'auditor', password: DEV_ADMIN_PASSWORD })
      .expect(400);
    expect(locked.text).toContain('For mange forkerte forsøg');
  });

  it('refuses a change with a session but without its CSRF token', async () => {
    const agent = await loggedIn(admin1);
    await agent.post('/log-ud').type('form').send({}).expect(403);
    const api = await agent.post('/log-ud').set('accept', 'application/json').send({}).expect(403);
    expect(api.text).toContain('Formularen er udløbet');
    // and the login form itself
    const fresh = request.agent(app.getHttpServer());
    await fresh.get('/log-ind');
    await fresh.post('/log-ind').type('form').send({ username: admin1, password: DEV_ADMIN_PASSWORD }).expect(403);
  });
});
