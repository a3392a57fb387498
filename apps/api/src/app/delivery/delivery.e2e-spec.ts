import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { importJWK, SignJWT } from 'jose';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  aParty,
  aRemoveItem,
  aSag,
  anEffektuering,
  cprKey,
  aSyntheticCpr,
  type Dokument,
  type IndexObject,
  type Sag,
} from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  type AppProcess,
  createTestDatabase,
  createTestRedis,
  OTHER_FAGSYSTEM,
  OTHER_MUNICIPALITY,
  seedTestReference,
  startApp,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';
import { apiConfigSchema } from '../api.config';
import { createApiApp } from '../api.app';

jest.setTimeout(120_000);

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
let app: INestApplication;
let worker: AppProcess;
let token: string;

const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};
let uuidCounter = 0;
const freshUuid = (): string =>
  `00000000-0000-4000-8000-${(++uuidCounter + (Date.now() % 1e6) * 1000).toString(16).padStart(12, '0').slice(-12)}`;
const sag = (o: Partial<Sag> = {}): Sag => aSag({ ...owned, uuid: freshUuid(), ...o });
const dok = (o: Partial<Dokument> = {}): Dokument => aDokument({ ...owned, uuid: freshUuid(), ...o });

async function vendorToken(fagsystem: string, scope = 'delivery:write'): Promise<string> {
  return mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-delivery',
    subject: fagsystem,
    scope,
  });
}

function deliver(items: unknown[], opts: { key?: string; bearer?: string } = {}) {
  const req = request(app.getHttpServer())
    .post('/v1/deliveries')
    .set('authorization', `Bearer ${opts.bearer ?? token}`);
  if (opts.key) req.set('idempotency-key', opts.key);
  return req.send({ items });
}

async function settled(
  deliveryId: string,
  bearer = token,
): Promise<{
  counts: Record<string, number>;
  items: Array<{ seq: number; state: string; rule: string | null; pointer: string | null }>;
}> {
  const until = Date.now() + 30_000;
  for (;;) {
    const res = await request(app.getHttpServer())
      .get(`/v1/deliveries/${deliveryId}`)
      .set('authorization', `Bearer ${bearer}`)
      .expect(200);
    if (res.body.counts.pending === 0) return res.body;
    if (Date.now() > until) throw new Error(`delivery ${deliveryId} still pending: ${JSON.stringify(res.body.counts)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function deliverAndSettle(items: IndexObject[] | unknown[]) {
  const res = await deliver(items.map((o) => ('operation' in (o as object) ? o : aDeliveryItem(o as IndexObject))));
  expect(res.status).toBe(202);
  return settled(res.body.deliveryId);
}

const rows = (ds: DataSource, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> =>
  ds.query(sql, params);

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  keys = await generateDevKeyPair('test-key');
  await seedTestReference(db.dataSource);
  const env = testEnv(db, {
    QUEUE_PREFIX: redis.prefix,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    SWEEP_INTERVAL_MS: '500',
    SWEEP_AFTER_MS: '2000',
    API_PORT: '0',
    WORKER_PORT: '0',
  });
  app = await createApiApp(loadConfig(apiConfigSchema, env));
  await app.init();
  worker = await startApp('worker', env);
  token = await vendorToken(TEST_FAGSYSTEM.id);
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await redis?.drop();
  await db?.drop();
});

describe('delivery intake and ingestion', () => {
  it('applies a case with its documents, grant and payment and builds the citizen read model', async () => {
    const s = sag();
    const d = dok();
    s.journalposter = [{ dokumentUuid: d.uuid }];
    const b = aBevilling({ ...owned, uuid: freshUuid(), sagUuid: s.uuid });
    const e = anEffektuering({ ...owned, uuid: freshUuid() });
    e.linjer = e.linjer.map((l) => ({ ...l, bevillingUuid: b.uuid }));
    const status = await deliverAndSettle([d, s, b, e]);
    expect(status.counts).toMatchObject({ applied: 4, rejected: 0, pending: 0 });
    const key = cprKey(aSyntheticCpr(1), TEST_CPR_HASH_KEY);
    const [overview] = await rows(db.dataSource, 'select body from citizen_overview where citizen_key = $1', [key]);
    const body = overview?.['body'] as {
      sager: Array<{ id: string; status: { label: string }; dokumenter: Array<{ id: string }> }>;
      bevillinger: Array<{ id: string }>;
      effektueringer: Array<{ id: string }>;
    };
    const projected = body.sager.find((x) => x.id === s.uuid);
    expect(projected?.status.label).toBe('Oprettet');
    expect(projected?.dokumenter.map((x) => x.id)).toEqual([d.uuid]);
    expect(body.bevillinger.map((x) => x.id)).toContain(b.uuid);
    expect(body.effektueringer.map((x) => x.id)).toContain(e.uuid);
  });

  it('answers a repeated Idempotency-Key with the same delivery and stores nothing twice', async () => {
    const items = [aDeliveryItem(sag())];
    const first = await deliver(items, { key: 'repeat-key-0001' }).expect(202);
    const second = await deliver(items, { key: 'repeat-key-0001' }).expect(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.deliveryId).toBe(first.body.deliveryId);
    const [count] = await rows(db.dataSource, 'select count(*)::int as n from delivery_item where delivery_id = $1', [
      first.body.deliveryId,
    ]);
    expect(count?.['n']).toBe(1);
    const conflict = await deliver([aDeliveryItem(sag())], { key: 'repeat-key-0001' }).expect(422);
    expect(conflict.body.type).toMatch(/idempotency-key-reused$/);
  });

  it('applies the same registration twice only once', async () => {
    const s = sag();
    await deliverAndSettle([s]);
    const again = await deliverAndSettle([s]);
    expect(again.items[0]).toMatchObject({ state: 'applied', rule: 'ORDER-REPEAT' });
    const [n] = await rows(db.dataSource, `select count(*)::int as n from index_registration where object_id = $1`, [
      s.uuid,
    ]);
    expect(n?.['n']).toBe(1);
  });

  it('keeps an older registration that arrives after a newer one as stale, never over the newer data', async () => {
    const newer = sag({ tidspunkt: '2024-05-01T10:00:00Z', titel: 'Nyeste titel' });
    const older = { ...newer, tidspunkt: '2024-04-01T10:00:00Z', titel: 'Ældre titel' };
    await deliverAndSettle([aDeliveryItem(newer, 'update')]);
    const late = await deliverAndSettle([aDeliveryItem(older, 'update')]);
    expect(late.items[0]).toMatchObject({ state: 'stale', rule: 'ORDER-STALE' });
    const [stored] = await rows(db.dataSource, "select body->>'titel' as titel from sag where id = $1", [newer.uuid]);
    expect(stored?.['titel']).toBe('Nyeste titel');
  });

  it('deletes a document when its master removes it, from every case that links it, and shows it again when it comes back', async () => {
    const d = dok();
    const s1 = sag({ journalposter: [{ dokumentUuid: d.uuid }] });
    const s2 = sag({ journalposter: [{ dokumentUuid: d.uuid }] });
    await deliverAndSettle([d, s1, s2]);
    const stored = async () => (await rows(db.dataSource, 'select 1 from dokument where id = $1', [d.uuid])).length;
    const shownOn = async () => {
      const key = cprKey(aSyntheticCpr(1), TEST_CPR_HASH_KEY);
      const [row] = await rows(db.dataSource, 'select body from citizen_overview where citizen_key = $1', [key]);
      const body = row?.['body'] as { sager: Array<{ id: string; dokumenter: Array<{ id: string }> }> };
      return body.sager
        .filter((x) => x.id === s1.uuid || x.id === s2.uuid)
        .filter((x) => x.dokumenter.some((y) => y.id === d.uuid))
        .map((x) => x.id)
        .sort();
    };
    expect(await shownOn()).toEqual([s1.uuid, s2.uuid].sort());
    await deliverAndSettle([aRemoveItem({ ...d, tidspunkt: '2024-06-01T00:00:00Z' })]);
    expect(await stored()).toBe(0);
    expect(await shownOn()).toEqual([]);
    await deliverAndSettle([{ ...d, tidspunkt: '2024-07-01T00:00:00Z' }]);
    expect(await stored()).toBe(1);
    expect(await shownOn()).toEqual([s1.uuid, s2.uuid].sort());
  });

  it.each([
    [
      'KLE-UNKNOWN',
      () => sag({ primaerKlasse: { kle: '99.99.99', virkning: { fra: '2024-01-01T00:00:00Z' } } }),
      '/object/primaerKlasse/kle',
    ],
    [
      'SAG-FREMDRIFT-OPSTAAET-FIRST',
      () => sag({ fremdrift: [{ tilstand: 'Oplyst', virkning: { fra: '2024-01-01T00:00:00Z' } }] }),
      '/object/fremdrift/0/tilstand',
    ],
    [
      'EFFEKTUERING-UNKNOWN-BEVILLING',
      () => anEffektuering({ ...owned, uuid: freshUuid() }),
      '/object/linjer/0/bevillingUuid',
    ],
    [
      'DOKUMENT-BREVDATO-REQUIRED',
      () => dok({ dokumenttype: 'Brev, indgaaende', brevdato: undefined }),
      '/object/brevdato',
    ],
  ])('rejects with rule %s and puts the item in the dead-letter store', async (rule, make, pointer) => {
    const status = await deliverAndSettle([make()]);
    expect(status.items[0]).toMatchObject({ state: 'rejected', rule, pointer });
    const dead = await request(app.getHttpServer())
      .get('/v1/dead-letters')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(dead.body.items.map((x: { rule: string }) => x.rule)).toContain(rule);
  });

  it('maps a retired KLE emne to the one that replaces it', async () => {
    const s = sag({ primaerKlasse: { kle: '32.24.32', virkning: { fra: '2024-01-01T00:00:00Z' } } });
    const status = await deliverAndSettle([s]);
    expect(status.items[0]).toMatchObject({ state: 'applied' });
    const [stored] = await rows(db.dataSource, 'select kle from sag where id = $1', [s.uuid]);
    expect(stored?.['kle']).toBe('32.24.04');
  });

  it('holds back a case title with a CPR-like number, an e-mail address or a listed word', async () => {
    const cases = [
      `Notat ${aSyntheticCpr(7).slice(0, 6)}-${aSyntheticCpr(7).slice(6)}`,
      'Kontakt a.b@example.dk',
      'Bekymring om misbrug',
    ].map((titel) => sag({ titel }));
    const status = await deliverAndSettle(cases);
    expect(status.items.map((i) => i.rule)).toEqual(['SAFETY-CPR', 'SAFETY-EMAIL', 'SAFETY-WORD']);
    expect(status.items.every((i) => i.state === 'held')).toBe(true);
    const held = await rows(db.dataSource, 'select reason from held_record where object_id = any($1::uuid[])', [
      cases.map((c) => c.uuid),
    ]);
    expect(held).toHaveLength(3);
    expect(JSON.stringify(held)).not.toMatch(/\d{6}-\d{4}/);
  });

  it('refuses a schema violation with the rule and field, and stores nothing', async () => {
    const before = await rows(db.dataSource, 'select count(*)::int as n from delivery');
    const bad = aDeliveryItem(sag({ titel: 'x'.repeat(300) }));
    const res = await deliver([aDeliveryItem(sag()), bad]).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.violations[0]).toMatchObject({ pointer: '/items/1/object/titel' });
    expect(await rows(db.dataSource, 'select count(*)::int as n from delivery')).toEqual(before);
  });
});

describe('vendor authorisation', () => {
  it.each([
    ['no token', undefined, 401],
    ['a forged token', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 401],
  ])('refuses %s', async (_name, bearer, status) => {
    const req = request(app.getHttpServer()).post('/v1/deliveries');
    if (bearer) req.set('authorization', `Bearer ${bearer}`);
    await req.send({ items: [aDeliveryItem(sag())] }).expect(status);
  });

  it('refuses a token without the delivery scope', async () => {
    await deliver([aDeliveryItem(sag())], { bearer: await vendorToken(TEST_FAGSYSTEM.id, 'overview:read') }).expect(
      403,
    );
  });

  it('refuses writing for a municipality the fagsystem is not connected to', async () => {
    const res = await deliver([aDeliveryItem(sag({ ejer: { cvr: OTHER_MUNICIPALITY.cvr } }))]).expect(403);
    expect(res.body.violations[0]).toMatchObject({
      rule: 'AUTH-OWNER-NOT-CONNECTED',
      pointer: '/items/0/object/ejer/cvr',
    });
  });

  it('refuses writing as master for another fagsystem', async () => {
    const res = await deliver([
      aDeliveryItem(sag({ itSystem: { master: OTHER_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id } })),
    ]).expect(403);
    expect(res.body.violations[0].rule).toBe('AUTH-NOT-MASTER');
  });

  it("refuses an item whose afsender is another fagsystem than the token's, per item with its pointer", async () => {
    const res = await deliver([
      aDeliveryItem(sag()),
      aDeliveryItem(sag({ itSystem: { master: TEST_FAGSYSTEM.id, afsender: OTHER_FAGSYSTEM.id } })),
    ]).expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 403, type: expect.stringMatching(/\/delivery-forbidden$/) });
    expect(res.body.violations).toEqual([
      {
        rule: 'AUTH-AFSENDER-MISMATCH',
        pointer: '/items/1/object/itSystem/afsender',
        message: "itSystem.afsender names another fagsystem than the token's",
      },
    ]);
  });

  it('rejects a streamed line whose afsender is another fagsystem, and applies the others', async () => {
    const foreign = sag({ itSystem: { master: TEST_FAGSYSTEM.id, afsender: OTHER_FAGSYSTEM.id } });
    const body = [sag(), foreign].map((o) => JSON.stringify(aDeliveryItem(o))).join('\n') + '\n';
    const res = await request(app.getHttpServer())
      .post('/v1/deliveries/stream')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/x-ndjson')
      .send(body)
      .expect(202);
    const status = await settled(res.body.deliveryId);
    expect(status.counts).toMatchObject({ applied: 1, rejected: 1 });
    expect(status.items.find((i) => i.state === 'rejected')).toMatchObject({
      rule: 'AUTH-AFSENDER-MISMATCH',
      pointer: '/lines/2/object/itSystem/afsender',
    });
    const [stored] = await rows(db.dataSource, 'select count(*)::int as n from sag where id = $1', [foreign.uuid]);
    expect(stored).toEqual({ n: 0 });
  });

  it('does not let a replay of a dead letter deliver what ownership refused, and replays the others', async () => {
    const foreign = sag({ itSystem: { master: TEST_FAGSYSTEM.id, afsender: OTHER_FAGSYSTEM.id } });
    const unknownKle = sag({ primaerKlasse: { kle: '99.99.99', virkning: { fra: '2024-01-01T00:00:00Z' } } });
    const body = [foreign, unknownKle].map((o) => JSON.stringify(aDeliveryItem(o))).join('\n') + '\n';
    const res = await request(app.getHttpServer())
      .post('/v1/deliveries/stream')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/x-ndjson')
      .send(body)
      .expect(202);
    await settled(res.body.deliveryId);
    const dead = await request(app.getHttpServer())
      .get('/v1/dead-letters')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    const idOf = (uuid: string): string =>
      dead.body.items.find((x: { objectId: string }) => x.objectId === uuid).id as string;
    const [foreignId, kleId] = [idOf(foreign.uuid), idOf(unknownKle.uuid)];

    const refused = await request(app.getHttpServer())
      .post('/v1/dead-letters/replay')
      .set('authorization', `Bearer ${token}`)
      .send({ ids: [kleId, foreignId] })
      .expect(403);
    expect(refused.body.violations).toEqual([
      expect.objectContaining({ rule: 'AUTH-AFSENDER-MISMATCH', pointer: '/ids/1' }),
    ]);

    const replayed = await request(app.getHttpServer())
      .post('/v1/dead-letters/replay')
      .set('authorization', `Bearer ${token}`)
      .send({ ids: [kleId] })
      .expect(202);
    expect(replayed.body.itemCount).toBe(1);
    await settled(replayed.body.deliveryId);
    const [stored] = await rows(db.dataSource, 'select count(*)::int as n from sag where id = $1', [foreign.uuid]);
    expect(stored).toEqual({ n: 0 });
  });

  it.each([
    ['issued an hour from now', { iat: 3600 }, 'AUTH-TOKEN-NOT-YET-VALID', 'token-not-yet-valid'],
    ['not valid before an hour from now', { nbf: 3600 }, 'AUTH-TOKEN-NOT-YET-VALID', 'token-not-yet-valid'],
    ['whose sub is a number', { sub: 4711 }, 'AUTH-TOKEN-SUB-INVALID', 'token-sub-invalid'],
    ['whose sub is no fagsystem id', { sub: 'Fs Jobnet' }, 'AUTH-TOKEN-SUB-INVALID', 'token-sub-invalid'],
  ])(
    'refuses a token %s with 401 and the rule id, echoing neither token nor sub',
    async (_name, claims, rule, type) => {
      const now = Math.floor(Date.now() / 1000);
      const { iat, nbf, sub } = claims as { iat?: number; nbf?: number; sub?: unknown };
      const bearer = await new SignJWT({
        scope: 'delivery:write',
        iss: 'overblik-dev',
        aud: 'overblik-delivery',
        sub: (sub ?? TEST_FAGSYSTEM.id) as string, // a number too, as a client might send it
        iat: now + (iat ?? 0),
        ...(nbf ? { nbf: now + nbf } : {}),
        exp: now + 7200,
      })
        .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid })
        .sign(await importJWK(keys.privateJwk, 'ES256'));
      const res = await deliver([aDeliveryItem(sag())], { bearer }).expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 401,
        type: expect.stringMatching(new RegExp(`/${type}$`)),
        violations: [{ rule, pointer: '/headers/authorization' }],
      });
      expect(res.text).not.toContain(bearer);
      if (sub !== undefined) expect(res.text).not.toContain(String(sub));
    },
  );

  it.each([
    ['not a list', 'x'],
    ['empty', []],
    ['ids that are not digits', ['1a']],
  ])('refuses a replay whose ids are %s as REPLAY-IDS', async (_what, ids) => {
    const res = await request(app.getHttpServer())
      .post('/v1/dead-letters/replay')
      .set('authorization', `Bearer ${token}`)
      .send({ ids });
    expect([res.status, res.body.violations]).toEqual([
      422,
      [{ rule: 'REPLAY-IDS', pointer: '/ids', message: 'expected an array of numeric strings' }],
    ]);
  });

  it("refuses overwriting another fagsystem's object", async () => {
    const s = sag();
    await deliverAndSettle([s]);
    const other = await vendorToken(OTHER_FAGSYSTEM.id);
    const res = await deliver(
      [
        aDeliveryItem(
          {
            ...s,
            tidspunkt: '2025-01-01T00:00:00Z',
            itSystem: { master: OTHER_FAGSYSTEM.id, afsender: OTHER_FAGSYSTEM.id },
          },
          'update',
        ),
      ],
      { bearer: other },
    ).expect(403);
    expect(res.body.violations[0].rule).toBe('AUTH-OBJECT-OWNED-ELSEWHERE');
  });

  it("does not show one vendor another vendor's delivery", async () => {
    const res = await deliver([aDeliveryItem(sag())]).expect(202);
    await request(app.getHttpServer())
      .get(`/v1/deliveries/${res.body.deliveryId}`)
      .set('authorization', `Bearer ${await vendorToken(OTHER_FAGSYSTEM.id)}`)
      .expect(404);
  });
});

describe('NDJSON initial load', () => {
  it('stores every line, rejects a bad line with its rule, and applies the rest', async () => {
    const good = Array.from({ length: 50 }, () =>
      JSON.stringify(aDeliveryItem(sag({ primaerPart: aParty({ cprSeed: 42 }) }))),
    );
    const body = [...good.slice(0, 10), '{not json', ...good.slice(10)].join('\n') + '\n';
    const res = await request(app.getHttpServer())
      .post('/v1/deliveries/stream')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/x-ndjson')
      .send(body)
      .expect(202);
    expect(res.body.itemCount).toBe(51);
    const status = await settled(res.body.deliveryId);
    expect(status.counts).toMatchObject({ applied: 50, rejected: 1 });
    expect(status.items.find((i) => i.state === 'rejected')).toMatchObject({
      rule: 'NDJSON-INVALID-JSON',
      pointer: '/lines/11',
    });
  });

  it('rejects a line nested too deeply as NDJSON-JSON-TOO-DEEP and completes the stream', async () => {
    const deep = '{"items":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const body = `${JSON.stringify(aDeliveryItem(sag()))}\n${deep}\n${JSON.stringify(aDeliveryItem(sag()))}\n`;
    const res = await request(app.getHttpServer())
      .post('/v1/deliveries/stream')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/x-ndjson')
      .send(body);
    expect([res.status, res.body.state, res.body.itemCount]).toEqual([202, 'complete', 3]);
    const status = await settled(res.body.deliveryId);
    expect(status.counts).toMatchObject({ applied: 2, rejected: 1 });
    expect(status.items.find((i) => i.state === 'rejected')).toMatchObject({
      rule: 'NDJSON-JSON-TOO-DEEP',
      pointer: '/lines/2',
    });
  });
});

describe('the status of a delivery by its Idempotency-Key', () => {
  it('finds a delivery sent with a key of the longest length allowed (128 characters)', async () => {
    const key = `k-${freshUuid().replace(/-/g, '')}`.padEnd(128, 'x');
    const sent = await deliver([aDeliveryItem(sag())], { key });
    expect(sent.status).toBe(202);
    const res = await request(app.getHttpServer())
      .get(`/v1/deliveries/by-key/${key}`)
      .set('authorization', `Bearer ${token}`);
    expect([res.status, res.body.id ?? res.body.rule]).toEqual([200, sent.body.deliveryId]);
  });

  it('refuses a key longer than 128 characters as IDEMPOTENCY-KEY, not as a path too long', async () => {
    const res = await request(app.getHttpServer())
      .get(`/v1/deliveries/by-key/${'k'.repeat(129)}`)
      .set('authorization', `Bearer ${token}`);
    expect([res.status, res.body.violations?.[0]?.rule]).toEqual([400, 'IDEMPOTENCY-KEY']);
  });
});

describe('paging a delivery and the dead letters', () => {
  let deliveryId: string;
  beforeAll(async () => {
    const res = await deliver([aDeliveryItem(sag()), aDeliveryItem(sag()), aDeliveryItem(sag())]);
    expect(res.status).toBe(202);
    deliveryId = res.body.deliveryId;
  });
  const get = (path: string) => request(app.getHttpServer()).get(path).set('authorization', `Bearer ${token}`);

  it.each([
    ['after past the integer seq column', 'after=2147483648', '/query/after'],
    ['after far past it', 'after=99999999999999999999', '/query/after'],
    ['after in exponent notation', 'after=1e3', '/query/after'],
    ['after negative', 'after=-1', '/query/after'],
    ['after with a fraction', 'after=1.5', '/query/after'],
    ['after repeated', 'after=1&after=2', '/query/after'],
    ['after empty', 'after=', '/query/after'],
    ['limit 0', 'limit=0', '/query/limit'],
    ['limit past 5000', 'limit=5001', '/query/limit'],
    ['limit in exponent notation', 'limit=1e2', '/query/limit'],
  ])('refuses %s on a delivery with 400 QUERY-PAGING-INVALID', async (_what, query, pointer) => {
    const res = await get(`/v1/deliveries/${deliveryId}?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      rule: 'QUERY-PAGING-INVALID',
      violations: [{ rule: 'QUERY-PAGING-INVALID', pointer }],
    });
  });

  it('pages a delivery up to the end of the integer range', async () => {
    const page = await get(`/v1/deliveries/${deliveryId}?after=0&limit=1`).expect(200);
    expect(page.body.items.map((i: { seq: number }) => i.seq)).toEqual([1]);
    const end = await get(`/v1/deliveries/${deliveryId}?after=2147483647`).expect(200);
    expect(end.body.items).toEqual([]);
  });

  it.each([
    ['past the bigint ids', 'after=9223372036854775808', '/query/after'],
    ['in exponent notation', 'after=1e30', '/query/after'],
    ['with a sign', 'after=%2B1', '/query/after'],
    ['a limit of 0', 'limit=0', '/query/limit'],
  ])('refuses dead-letter paging %s with 400 QUERY-PAGING-INVALID', async (_what, query, pointer) => {
    const res = await get(`/v1/dead-letters?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ rule: 'QUERY-PAGING-INVALID', violations: [{ pointer }] });
  });

  it('pages the dead letters up to the end of the bigint range', async () => {
    const end = await get('/v1/dead-letters?after=9223372036854775807&limit=5000').expect(200);
    expect(end.body.items).toEqual([]);
  });
});

describe('fuzzing the intake with malformed bodies', () => {
  // deterministic pseudo-random source, so a failure can be replayed
  const LCG_MULTIPLIER = 1_103_515_245; // the classic C rand() constants, not an identifier
  const LCG_INCREMENT = 12_345;
  let state = 20_261_123;
  const rnd = (): number => (state = (state * LCG_MULTIPLIER + LCG_INCREMENT) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const junk = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => 42,
      () => -1.5,
      () => true,
      () => 'x'.repeat(Math.floor(rnd() * 5000)),
      () => [],
      () => ({}),
      () => 'urn:oio:cpr-nr:12',
      () => '2024-13-45T99:99:99Z',
      () => '1e309',
      () => ({ $ne: 1 }),
      () => [[[[]]]],
      () => '\u0000\uFFFF',
      () => 'ø'.repeat(300),
      () => '99.99.99',
      () => '-12,50',
    ])();
  function mutate(value: unknown, depth = 0): unknown {
    if (depth > 0 && rnd() < 0.08) return junk();
    if (Array.isArray(value)) return rnd() < 0.1 ? junk() : value.map((v) => mutate(v, depth + 1));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (rnd() < 0.05) continue; // drop a field
        out[k] = mutate(v, depth + 1);
      }
      if (rnd() < 0.05) out[`extra${Math.floor(rnd() * 100)}`] = junk();
      return out;
    }
    return value;
  }

  it('answers every malformed body with a 4xx problem+json and stores nothing', async () => {
    const [before] = await rows(db.dataSource, 'select count(*)::int as n from delivery');
    const bodies: Array<{ type: string; body: string }> = [];
    const valid = aDeliveryItem(sag());
    for (let i = 0; i < 2000; i++) {
      const kind = i % 10;
      if (kind === 0)
        bodies.push({
          type: 'application/json',
          body: JSON.stringify({ items: [valid] }).slice(0, Math.floor(rnd() * 200)) + '}',
        });
      else if (kind === 1)
        bodies.push({
          type: pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded']),
          body: 'items=1',
        });
      else if (kind === 2) bodies.push({ type: 'application/json', body: JSON.stringify(junk()) });
      else if (kind === 3)
        bodies.push({
          type: 'application/json',
          body: JSON.stringify({ items: Array.from({ length: 1001 }, () => 1) }),
        });
      else {
        let item = mutate(valid);
        while (JSON.stringify(item) === JSON.stringify(valid)) item = mutate(valid);
        bodies.push({ type: 'application/json', body: JSON.stringify({ items: [item] }) });
      }
    }
    const statuses = new Map<number, number>();
    for (let i = 0; i < bodies.length; i += 20) {
      const results = await Promise.all(
        bodies
          .slice(i, i + 20)
          .map(({ type, body }) =>
            request(app.getHttpServer())
              .post('/v1/deliveries')
              .set('authorization', `Bearer ${token}`)
              .set('content-type', type)
              .send(body),
          ),
      );
      for (const [j, res] of results.entries()) {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (
          res.status < 400 ||
          res.status >= 500 ||
          !/^application\/problem\+json/.test(res.headers['content-type'] ?? '')
        ) {
          throw new Error(
            `body ${i + j} answered ${res.status} ${res.headers['content-type']}: ${bodies[i + j]!.body.slice(0, 300)} → ${JSON.stringify(res.body).slice(0, 300)}`,
          );
        }
      }
    }
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(await rows(db.dataSource, 'select count(*)::int as n from delivery')).toEqual([before]);
  });
});

describe('faults: the worker is killed mid-batch and Redis loses its data', () => {
  it('applies every accepted item exactly once in the end', async () => {
    const env = testEnv(db, {
      QUEUE_PREFIX: redis.prefix,
      VENDOR_JWKS: keys.jwks,
      ORCHESTRATION_JWKS: keys.jwks,
      SWEEP_INTERVAL_MS: '500',
      SWEEP_AFTER_MS: '2000',
      WORKER_PORT: '0',
    });
    const objects = Array.from({ length: 3000 }, (_, i) => sag({ primaerPart: aParty({ cprSeed: 1000 + (i % 400) }) }));
    const ids: string[] = [];
    const send = async (from: number, to: number) => {
      for (let i = from; i < to; i += 250) {
        const res = await deliver(objects.slice(i, i + 250).map((o) => aDeliveryItem(o)));
        expect(res.status).toBe(202);
        ids.push(res.body.deliveryId);
      }
    };
    await send(0, 1000);
    await worker.kill(); // SIGKILL, whatever it was doing
    await send(1000, 2000);
    // Redis keeps nothing: drop every queue key of this test
    const keysLost = await redis.client.keys(`${redis.prefix}*`);
    if (keysLost.length) await redis.client.del(...keysLost);
    worker = await startApp('worker', env);
    await send(2000, 3000);
    for (const id of ids) await settled(id);
    const [applied] = await rows(db.dataSource, `select count(*)::int as n from sag where id = any($1::uuid[])`, [
      objects.map((o) => o.uuid),
    ]);
    expect(applied?.['n']).toBe(3000);
    const [registrations] = await rows(
      db.dataSource,
      `select count(*)::int as n, count(distinct object_id)::int as d from index_registration where object_id = any($1::uuid[])`,
      [objects.map((o) => o.uuid)],
    );
    expect(registrations).toEqual({ n: 3000, d: 3000 });
    const [notApplied] = await rows(
      db.dataSource,
      `select count(*)::int as n from delivery_item where delivery_id = any($1::uuid[]) and state <> 'applied'`,
      [ids],
    );
    expect(notApplied?.['n']).toBe(0);
  });
});

describe('a streamed load a vendor can trust', () => {
  const ndjson = (objects: IndexObject[]): string =>
    objects.map((o) => JSON.stringify(aDeliveryItem(o))).join('\n') + '\n';

  async function listeningPort(): Promise<number> {
    const server = app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return (server.address() as AddressInfo).port;
  }

  /** Sends the first `bytes` of the body and then cuts the connection, as a dying client or api does. */
  async function cutStream(body: string, bytes: number, key: string): Promise<void> {
    const port = await listeningPort();
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/deliveries/stream',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/x-ndjson',
          'idempotency-key': key,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(body.slice(0, bytes), () => setTimeout(() => req.destroy(), 300));
    });
  }

  const sendStream = (body: string, key: string) =>
    request(app.getHttpServer())
      .post('/v1/deliveries/stream')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/x-ndjson')
      .set('idempotency-key', key)
      .send(body);

  it('stores every line exactly once when a cut stream is sent again whole, and recognises a finished one', async () => {
    const objects = Array.from({ length: 40 }, () => sag());
    const body = ndjson(objects);
    const key = `cut-stream-${freshUuid().slice(0, 8)}`;
    await cutStream(body, Math.floor(body.length / 2), key);

    const retry = await sendStream(body, key).expect(202);
    expect(retry.body).toMatchObject({ itemCount: 40, state: 'complete', committedLines: 40 });
    const [stored] = await rows(
      db.dataSource,
      'select count(*)::int as n, count(distinct line)::int as lines from delivery_item where delivery_id = $1',
      [retry.body.deliveryId],
    );
    expect(stored).toEqual({ n: 40, lines: 40 });

    const again = await sendStream(body, key).expect(202);
    expect(again.body.deliveryId).toBe(retry.body.deliveryId);
    expect(again.headers['idempotent-replayed']).toBeDefined();
    await settled(retry.body.deliveryId);
    const [applied] = await rows(db.dataSource, 'select count(*)::int as n from sag where id = any($1::uuid[])', [
      objects.map((o) => o.uuid),
    ]);
    expect(applied?.['n']).toBe(40);
  });

  it('refuses another body sent with the key of a finished stream', async () => {
    const key = `other-body-${freshUuid().slice(0, 8)}`;
    await sendStream(ndjson([sag()]), key).expect(202);
    const conflict = await sendStream(ndjson([sag()]), key).expect(422);
    expect(conflict.body.type).toContain('idempotency-key-reused');
  });

  it.each([
    [
      'its first lines differ',
      (committed: string) => `${JSON.stringify(aDeliveryItem(sag()))}\n`.repeat(5) + committed,
    ],
    [
      'it is longer than the finished one',
      (committed: string) => committed + ndjson(Array.from({ length: 1500 }, () => sag())),
    ],
  ])(
    'answers a large body sent with the key of a finished stream when %s, without waiting for the client',
    async (_what, resend) => {
      const key = `large-resend-${freshUuid().slice(-12)}`;
      const committed = ndjson([sag(), sag()]);
      await sendStream(committed, key).expect(202);
      // over a megabyte: more than the socket buffers, so the answer needs the rest of the body read
      const body = resend(committed) + ndjson(Array.from({ length: 1500 }, () => sag()));
      expect(body.length).toBeGreaterThan(1_000_000);
      const conflict = await sendStream(body, key).timeout(20_000);
      expect(conflict.status).toBe(422);
      expect(conflict.body.violations[0]).toMatchObject({ rule: 'STREAM-LINE-CONFLICT' });
    },
  );

  it('rejects a line over 1,000,000 bytes as NDJSON-LINE-TOO-LONG and applies the others', async () => {
    const long = JSON.stringify(aDeliveryItem(sag({ beskrivelse: 'x'.repeat(1_000_001) })));
    const res = await sendStream(
      `${JSON.stringify(aDeliveryItem(sag()))}\n${long}\n`,
      `long-line-${freshUuid().slice(0, 8)}`,
    ).expect(202);
    expect(res.body).toMatchObject({ itemCount: 2, state: 'complete' });
    const status = await settled(res.body.deliveryId);
    expect(status.items.map((i) => [i.state, i.rule ?? null, i.pointer ?? null])).toEqual([
      ['applied', null, null],
      ['rejected', 'NDJSON-LINE-TOO-LONG', '/lines/2'],
    ]);
  });

  it.each([
    ['not a line number', 'abc', 400, 'STREAM-RESUME-AFTER'],
    ['after lines never committed', '5', 409, 'STREAM-RESUME-GAP'],
  ])('refuses a resume point %s as %s', async (_what, after, status, rule) => {
    const res = await request(app.getHttpServer())
      .post('/v1/deliveries/stream')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/x-ndjson')
      .set('idempotency-key', `resume-${freshUuid().slice(0, 8)}`)
      .set('stream-resume-after', after)
      .send(`${JSON.stringify(aDeliveryItem(sag()))}\n`);
    expect([res.status, res.body.violations?.[0]?.rule, res.body.violations?.[0]?.pointer]).toEqual([
      status,
      rule,
      '/headers/stream-resume-after',
    ]);
  });

  it('keeps a line with a NUL character as a rejected line and completes the stream', async () => {
    const bad = JSON.stringify(aDeliveryItem(sag({ titel: 'Brev\u0000titel' })));
    const res = await sendStream(
      `${bad}\n${JSON.stringify(aDeliveryItem(sag()))}\n`,
      `nul-line-${freshUuid().slice(0, 8)}`,
    ).expect(202);
    expect(res.body).toMatchObject({ itemCount: 2, state: 'complete' });
    const status = await settled(res.body.deliveryId);
    expect(status.items.find((i) => i.seq === 0)).toMatchObject({ state: 'rejected', rule: 'SCHEMA-NUL-CHARACTER' });
  });
});
