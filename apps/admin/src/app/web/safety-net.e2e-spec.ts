import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { aSag, aSyntheticCpr, cprKey } from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  createTestDatabase,
  seedTestReference,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { adminConfigSchema } from '../admin.config';
import { createAdminApp } from '../admin.app';
import { seedHeldCase, seedStoredCase } from './testing/safety-net-seed';

let db: TestDatabase;
let keys: DevKeyPair;
let app: INestApplication;
const cvr = TEST_MUNICIPALITY.cvr;
const base = `/v1/kommuner/${cvr}`;
const citizenKey = cprKey(aSyntheticCpr(11), TEST_CPR_HASH_KEY);
const owned = { ejer: { cvr }, itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id } };
const heldSag = aSag({ ...owned, uuid: '7a1c0c4e-6a39-4d7e-9a57-0c1f0a7d0101', titel: 'Samtale om misbrug i hjemmet' });
const plainSag = aSag({ ...owned, uuid: '7a1c0c4e-6a39-4d7e-9a57-0c1f0a7d0102', titel: 'Ansøgning om anbringelse' });

const bearer = async (role: 'MUNICIPAL_ADMIN' | 'AUDITOR') =>
  `Bearer ${await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-admin',
    subject: role === 'AUDITOR' ? 'auditor-1' : 'admin-1',
    scope: 'admin',
    claims: role === 'AUDITOR' ? { role } : { role, cvr },
  })}`;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  // the reference seed puts 'misbrug' on the test municipality's list
  await seedHeldCase(db.dataSource, citizenKey, heldSag, "word on the municipality's list");
  await seedStoredCase(db.dataSource, citizenKey, plainSag);
  keys = await generateDevKeyPair('safety-net-test');
  app = await createAdminApp(loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks })));
  await app.init();
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('safety-net review API', () => {
  it('lists the held records with the match masked and its context visible', async () => {
    const res = await request(app.getHttpServer())
      .get(`${base}/tilbageholdt`)
      .set('authorization', await bearer('AUDITOR'))
      .expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        objectId: heldSag.uuid,
        pointer: '/object/titel',
        maskedText: 'Samtale om ••••••• i hjemmet',
        state: 'open',
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('misbrug');
  });

  it('refuses a keep without a reason with a Danish message at the field, and writes nothing', async () => {
    const [{ id }] = await db.dataSource.query('select id::text from held_record where object_id = $1', [heldSag.uuid]);
    const res = await request(app.getHttpServer())
      .post(`${base}/tilbageholdt/${id}/behold`)
      .set('authorization', await bearer('MUNICIPAL_ADMIN'))
      .send({ reason: '   ' })
      .expect(400);
    expect(res.body).toMatchObject({
      rule: 'KEEP-REASON-REQUIRED',
      violations: [{ pointer: '/body/reason', message: 'Skriv, hvorfor oplysningen skal forblive skjult.' }],
    });
    const [row] = await db.dataSource.query('select kept_at from held_record where id = $1', [id]);
    expect(row.kept_at).toBeNull();
  });

  it('keeps a record hidden with who, when and why, and audits it', async () => {
    const [{ id }] = await db.dataSource.query('select id::text from held_record where object_id = $1', [heldSag.uuid]);
    const res = await request(app.getHttpServer())
      .post(`${base}/tilbageholdt/${id}/behold`)
      .set('authorization', await bearer('MUNICIPAL_ADMIN'))
      .send({ reason: 'Teksten nævner et misbrug' })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'kept', keptBy: 'admin-1', keepReason: 'Teksten nævner et misbrug' });
    const audit = await db.dataSource.query(`select actor, action, target from admin_audit where action = 'held.keep'`);
    expect(audit).toEqual([{ actor: 'admin-1', action: 'held.keep', target: `held_record:${id}` }]);
  });

  it.each([
    ['empty', '', 'WORD-REQUIRED', 'Skriv det ord, der skal på listen.'],
    ['with a digit', 'ord1', 'WORD-INVALID', 'Ordet skal være 2–64 bogstaver uden mellemrum, tal eller tegn.'],
    ['one letter', 'a', 'WORD-INVALID', 'Ordet skal være 2–64 bogstaver uden mellemrum, tal eller tegn.'],
    ['65 letters', 'a'.repeat(65), 'WORD-INVALID', 'Ordet skal være 2–64 bogstaver uden mellemrum, tal eller tegn.'],
    ['already there (other case)', 'Misbrug', 'WORD-EXISTS', '»Misbrug« står allerede på listen.'],
  ])('refuses a word that is %s', async (_what, word, rule, message) => {
    const res = await request(app.getHttpServer())
      .post(`${base}/ordliste`)
      .set('authorization', await bearer('MUNICIPAL_ADMIN'))
      .send({ word })
      .expect(400);
    expect(res.body).toMatchObject({ rule, violations: [{ pointer: '/body/word', message }] });
    const words = await db.dataSource.query('select word from safety_word where municipality_cvr = $1', [cvr]);
    expect(words).toEqual([{ word: 'misbrug' }]);
  });

  it('adds a word and holds the stored records that now match; a released record stays released', async () => {
    const res = await request(app.getHttpServer())
      .post(`${base}/ordliste`)
      .set('authorization', await bearer('MUNICIPAL_ADMIN'))
      .send({ word: 'anbringelse' })
      .expect(200);
    expect(res.body).toEqual({ words: ['anbringelse', 'misbrug'], newlyHeld: 1 });
    const held = await db.dataSource.query('select object_id, pointer from held_record where object_id = $1', [
      plainSag.uuid,
    ]);
    expect(held).toEqual([{ object_id: plainSag.uuid, pointer: '/object/titel' }]);
    const [overview] = await db.dataSource.query('select body from citizen_overview where citizen_key = $1', [
      citizenKey,
    ]);
    expect(overview.body.sager).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: plainSag.uuid, held: ['/object/titel'] })]),
    );

    const [{ id }] = await db.dataSource.query('select id::text from held_record where object_id = $1', [
      plainSag.uuid,
    ]);
    await request(app.getHttpServer())
      .post(`${base}/tilbageholdt/${id}/frigiv`)
      .set('authorization', await bearer('MUNICIPAL_ADMIN'))
      .expect(200);
    await request(app.getHttpServer())
      .delete(`${base}/ordliste/misbrug`)
      .set('authorization', await bearer('MUNICIPAL_ADMIN'))
      .expect(200, { words: ['anbringelse'], newlyHeld: 0 });
    const [after] = await db.dataSource.query('select released_by from held_record where id = $1', [id]);
    expect(after.released_by).toBe('admin-1');
  });
});
