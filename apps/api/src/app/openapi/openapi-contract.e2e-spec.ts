import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  anEffektuering,
  aParty,
  aSag,
  aSyntheticCpr,
  syntheticUuid,
} from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  createTestDatabase,
  createTestRedis,
  OTHER_MUNICIPALITY,
  seedCitizenOverview,
  seedTestReference,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';
import { createApiApp } from '../api.app';
import { apiConfigSchema } from '../api.config';
import { OPENAPI_FILE } from './write-openapi';

/**
 * The published document is what the API does: real requests to every operation, its successes and its
 * refusals, and each answer's status, content type and body checked against apps/api/openapi.json (the
 * schemas in it, validated with Ajv as JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 */
jest.setTimeout(120_000);

interface Response {
  content?: Record<string, { schema?: unknown }>;
}
type Operations = Record<string, Record<string, { responses: Record<string, Response> }>>;

const DOCUMENT = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Operations };
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(DOCUMENT, 'urn:overblik:api');
const pointer = (...parts: string[]): string => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const validators = new Map<string, ValidateFunction>();
function validatorOf(path: string, method: string, status: string, type: string): ValidateFunction {
  const at = `urn:overblik:api#/${pointer('paths', path, method, 'responses', status, 'content', type, 'schema')}`;
  let validate = validators.get(at);
  if (!validate) validators.set(at, (validate = ajv.compile({ $ref: at })));
  return validate;
}

/** Every operation the document has, and the statuses each call showed. */
const seen = new Map<string, Set<number>>();
for (const [path, item] of Object.entries(DOCUMENT.paths))
  for (const method of Object.keys(item)) seen.set(`${method} ${path}`, new Set());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text?: string;
}

/** Check an answer against the operation's documented response for its status. */
function conforms(method: string, path: string, res: Answer): void {
  const operation = DOCUMENT.paths[path]?.[method];
  if (!operation) throw new Error(`${method} ${path} is not in the document`);
  seen.get(`${method} ${path}`)!.add(res.status);
  const status = String(res.status);
  const call = `${method.toUpperCase()} ${path} → ${status}`;
  const documented = operation.responses[status];
  expect({ call, documented: documented !== undefined }).toEqual({ call, documented: true });
  const types = Object.keys(documented!.content ?? {});
  const given = (res.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (!types.length) {
    expect({ call, body: res.text ?? '' }).toEqual({ call, body: '' });
    return;
  }
  expect({ call, type: given }).toEqual({ call, type: types.includes(given) ? given : types.join(' | ') });
  const validate = validatorOf(path, method, status, given);
  const body = typeof res.body === 'object' && res.body !== null ? res.body : JSON.parse(res.text ?? 'null');
  const ok = validate(body);
  expect({ call, errors: ok ? [] : ajv.errorsText(validate.errors).slice(0, 2000) }).toEqual({ call, errors: [] });
}

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
let app: INestApplication;
let vendor: string;
let client: string;

const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};
const uuidOf = (name: string) => syntheticUuid(`openapi-contract:${name}`);
const CPR = aSyntheticCpr(811);

const vendorToken = (scope = 'delivery:write') =>
  mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-delivery',
    subject: TEST_FAGSYSTEM.id,
    scope,
  });
const clientToken = (subject = 'contract-client', scope = 'overview:read') =>
  mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience: 'overblik-overview', subject, scope });
const assertion = (cpr: string, azp = 'contract-client') =>
  mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev-login',
    audience: 'overblik-overview',
    subject: 'login-session-1',
    scope: 'citizen',
    claims: { cpr, azp },
  });

const server = () => request(app.getHttpServer());
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Send, and check the answer against the document; the answer is returned for what the test asserts next. */
async function call(
  method: 'get' | 'post',
  template: string,
  o: { path?: string; headers?: Record<string, string>; json?: unknown; raw?: string; type?: string } = {},
): Promise<Answer> {
  let req = server()[method](o.path ?? template);
  for (const [k, v] of Object.entries(o.headers ?? {})) req = req.set(k, v);
  if (o.raw !== undefined) req = req.set('content-type', o.type ?? 'application/json').send(o.raw);
  else if (o.json !== undefined) req = req.send(o.json as object);
  const res = await req;
  const answer: Answer = {
    status: res.status,
    headers: res.headers as Record<string, string>,
    body: res.body,
    text: res.text,
  };
  conforms(method, template, answer);
  return answer;
}

beforeAll(async () => {
  [db, redis, keys] = await Promise.all([createTestDatabase(), createTestRedis(), generateDevKeyPair('contract')]);
  await seedTestReference(db.dataSource);
  const party = aParty({ cprSeed: 811 });
  await seedCitizenOverview(db.dataSource, {
    cpr: CPR,
    sager: [aSag({ ...owned, uuid: uuidOf('seeded-sag'), primaerPart: party })],
  });
  const env = testEnv(db, {
    QUEUE_PREFIX: redis.prefix,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    API_PORT: '0',
    OVERVIEW_RATE_LIMIT_PER_SECOND: '5',
  });
  app = await createApiApp(loadConfig(apiConfigSchema, env));
  await app.init();
  [vendor, client] = await Promise.all([vendorToken(), clientToken()]);
});

afterAll(async () => {
  await app?.close();
  await redis?.drop();
  await db?.drop();
});

describe('the API answers as its OpenAPI document says', () => {
  let deliveryId: string;
  let deadLetterId: string;
  const STREAM_KEY = 'contract-stream-0001';

  it('POST /v1/deliveries: accepted, and each refusal', async () => {
    const sag = aSag({ ...owned, uuid: uuidOf('sag') });
    const dokument = aDokument({ ...owned, uuid: uuidOf('dokument') });
    const bevilling = aBevilling({ ...owned, uuid: uuidOf('bevilling'), sagUuid: sag.uuid });
    const effektuering = anEffektuering({ ...owned, uuid: uuidOf('effektuering') });
    const items = [dokument, sag, bevilling, effektuering].map((o) => aDeliveryItem(o));
    const path = '/v1/deliveries';
    const accepted = await call('post', path, {
      headers: { ...bearer(vendor), 'idempotency-key': 'contract-batch-0001' },
      json: { items },
    });
    expect(accepted.status).toBe(202);
    deliveryId = (accepted.body as { deliveryId: string }).deliveryId;
    expect((await call('post', path, { json: { items } })).status).toBe(401);
    expect(
      (await call('post', path, { headers: bearer(await vendorToken('other:scope')), json: { items } })).status,
    ).toBe(403);
    const foreign = aSag({ ...owned, ejer: { cvr: OTHER_MUNICIPALITY.cvr }, uuid: uuidOf('foreign') });
    expect(
      (await call('post', path, { headers: bearer(vendor), json: { items: [aDeliveryItem(foreign)] } })).status,
    ).toBe(403);
    expect(
      (await call('post', path, { headers: bearer(vendor), json: { items: [{ operation: 'import', object: {} }] } }))
        .status,
    ).toBe(422);
    expect((await call('post', path, { headers: bearer(vendor), raw: '{"items": [' })).status).toBe(400);
    expect((await call('post', path, { headers: bearer(vendor), raw: 'items', type: 'text/plain' })).status).toBe(415);
    const big = JSON.stringify({ items, padding: 'x'.repeat(10 * 1024 * 1024) });
    expect((await call('post', path, { headers: bearer(vendor), raw: big })).status).toBe(413);
    expect(
      (await call('post', path, { path: `${path}?cpr=${CPR}`, headers: bearer(vendor), json: { items } })).status,
    ).toBe(400);
  });

  it('POST /v1/deliveries/stream: accepted with a rejected line, and each refusal', async () => {
    const path = '/v1/deliveries/stream';
    const lines = [JSON.stringify(aDeliveryItem(aSag({ ...owned, uuid: uuidOf('streamed') }))), '{not json'];
    const ndjson = { headers: { ...bearer(vendor), 'idempotency-key': STREAM_KEY }, type: 'application/x-ndjson' };
    const accepted = await call('post', path, { ...ndjson, raw: `${lines.join('\n')}\n` });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ state: 'complete', committedLines: 2 });
    const changed = `${lines[0]}\n${JSON.stringify(aDeliveryItem(aSag({ ...owned, uuid: uuidOf('other') })))}\n`;
    expect((await call('post', path, { ...ndjson, raw: changed })).status).toBe(422);
    expect((await call('post', path, { headers: bearer(vendor), raw: '{}' })).status).toBe(415);
    const resume = { ...ndjson, headers: { ...ndjson.headers, 'stream-resume-after': 'x' } };
    expect((await call('post', path, { ...resume, raw: `${lines[0]}\n` })).status).toBe(400);
    expect((await call('post', path, { raw: `${lines[0]}\n`, type: 'application/x-ndjson' })).status).toBe(401);
    const readOnly = bearer(await vendorToken('other:scope'));
    expect((await call('post', path, { headers: readOnly, raw: '\n', type: 'application/x-ndjson' })).status).toBe(403);
  });

  it('GET /v1/deliveries/{id} and /by-key/{idempotencyKey}: found, not found, malformed', async () => {
    const byId = '/v1/deliveries/{id}';
    expect((await call('get', byId, { path: `/v1/deliveries/${deliveryId}`, headers: bearer(vendor) })).status).toBe(
      200,
    );
    const paged = await call('get', byId, { path: `/v1/deliveries/${deliveryId}?limit=1`, headers: bearer(vendor) });
    expect(paged.body).toMatchObject({ nextAfter: 0 });
    expect(
      (await call('get', byId, { path: `/v1/deliveries/${uuidOf('none')}`, headers: bearer(vendor) })).status,
    ).toBe(404);
    expect((await call('get', byId, { path: '/v1/deliveries/not-a-uuid', headers: bearer(vendor) })).status).toBe(400);
    const badPage = `/v1/deliveries/${deliveryId}?limit=1e3`;
    expect((await call('get', byId, { path: badPage, headers: bearer(vendor) })).status).toBe(400);
    expect((await call('get', byId, { path: `/v1/deliveries/${deliveryId}` })).status).toBe(401);
    expect(
      (await call('get', byId, { path: `/v1/deliveries/${'a'.repeat(600)}`, headers: bearer(vendor) })).status,
    ).toBe(414);
    const readOnly = bearer(await vendorToken('other:scope'));
    expect((await call('get', byId, { path: `/v1/deliveries/${deliveryId}`, headers: readOnly })).status).toBe(403);

    const byKey = '/v1/deliveries/by-key/{idempotencyKey}';
    const found = await call('get', byKey, { path: `/v1/deliveries/by-key/${STREAM_KEY}`, headers: bearer(vendor) });
    expect(found.body).toMatchObject({ state: 'complete', resumeAfterLine: null });
    const unknown = '/v1/deliveries/by-key/contract-unknown-0001';
    expect((await call('get', byKey, { path: unknown, headers: bearer(vendor) })).status).toBe(404);
    expect((await call('get', byKey, { path: '/v1/deliveries/by-key/short', headers: bearer(vendor) })).status).toBe(
      400,
    );
    expect((await call('get', byKey, { path: unknown })).status).toBe(401);
    expect((await call('get', byKey, { path: unknown, headers: readOnly })).status).toBe(403);
    const tooLong = `/v1/deliveries/by-key/${'k'.repeat(600)}`;
    expect((await call('get', byKey, { path: tooLong, headers: bearer(vendor) })).status).toBe(414);
  });

  it('GET /v1/dead-letters and POST /v1/dead-letters/replay', async () => {
    const list = await call('get', '/v1/dead-letters', { headers: bearer(vendor) });
    const letters = (list.body as { items: Array<{ id: string; rule: string }> }).items;
    expect(letters.length).toBeGreaterThan(0);
    deadLetterId = letters[0]!.id;
    expect(
      (await call('get', '/v1/dead-letters', { path: '/v1/dead-letters?after=-1', headers: bearer(vendor) })).status,
    ).toBe(400);
    expect((await call('get', '/v1/dead-letters')).status).toBe(401);
    const readOnly = bearer(await vendorToken('other:scope'));
    expect((await call('get', '/v1/dead-letters', { headers: readOnly })).status).toBe(403);

    const replay = '/v1/dead-letters/replay';
    expect((await call('post', replay, { headers: bearer(vendor), json: { ids: [deadLetterId] } })).status).toBe(202);
    expect((await call('post', replay, { headers: bearer(vendor), json: { ids: ['999999999'] } })).status).toBe(404);
    expect((await call('post', replay, { headers: bearer(vendor), json: { ids: 'all' } })).status).toBe(422);
    expect((await call('post', replay, { headers: bearer(vendor), raw: '{"ids"' })).status).toBe(400);
    expect((await call('post', replay, { json: { ids: [deadLetterId] } })).status).toBe(401);
    expect((await call('post', replay, { headers: readOnly, json: { ids: [deadLetterId] } })).status).toBe(403);
    const gzipped = { ...bearer(vendor), 'content-encoding': 'gzip' };
    expect((await call('post', replay, { headers: gzipped, raw: '{"ids":["1"]}' })).status).toBe(415);
    const big = JSON.stringify({ ids: [deadLetterId], padding: 'x'.repeat(10 * 1024 * 1024) });
    expect((await call('post', replay, { headers: bearer(vendor), raw: big })).status).toBe(413);
  });

  it('POST /v1/overview: the answer, not modified, and each refusal', async () => {
    const path = '/v1/overview';
    const body = { cpr: CPR, formaal: 'MIT_OVERBLIK' };
    const answer = await call('post', path, { headers: bearer(client), json: body });
    expect(answer.status).toBe(200);
    const etag = answer.headers['etag']!;
    const gzip = await call('post', path, { headers: { ...bearer(client), 'accept-encoding': 'gzip' }, json: body });
    expect(gzip.status).toBe(200);
    const again = await call('post', path, { headers: { ...bearer(client), 'if-none-match': etag }, json: body });
    expect(again.status).toBe(304);
    const own = { ...bearer(client), 'x-citizen-assertion': await assertion(CPR) };
    expect((await call('post', path, { headers: own, json: body })).status).toBe(200);
    const other = { ...bearer(client), 'x-citizen-assertion': await assertion(aSyntheticCpr(812)) };
    expect((await call('post', path, { headers: other, json: body })).status).toBe(403);
    expect((await call('post', path, { json: body })).status).toBe(401);
    expect(
      (await call('post', path, { headers: bearer(await clientToken('x-client', 'other')), json: body })).status,
    ).toBe(403);
    expect(
      (await call('post', path, { headers: bearer(client), json: { cpr: '3113401234', formaal: 'MIT_OVERBLIK' } }))
        .status,
    ).toBe(422);
    expect((await call('post', path, { headers: bearer(client), json: { formaal: 'X' } })).status).toBe(422);
    expect((await call('post', path, { headers: bearer(client), raw: '{' })).status).toBe(400);
    expect((await call('post', path, { headers: bearer(client), raw: 'cpr', type: 'text/plain' })).status).toBe(415);
    const big = JSON.stringify({ ...body, padding: 'x'.repeat(10 * 1024 * 1024) });
    expect((await call('post', path, { headers: bearer(client), raw: big })).status).toBe(413);
    // a client of its own over its rate (5 a second here): the refusal says when to come back
    const burst = bearer(await clientToken('contract-burst'));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call('post', path, { headers: burst, json: body })).status);
    expect(statuses).toContain(429);
  });

  it("POST /v1/access-log: the citizen's own look, and each refusal", async () => {
    const path = '/v1/access-log';
    const own = { ...bearer(client), 'x-citizen-assertion': await assertion(CPR) };
    const log = await call('post', path, { headers: own, json: { cpr: CPR } });
    expect(log.status).toBe(200);
    expect((await call('post', path, { headers: bearer(client), json: { cpr: CPR } })).status).toBe(401);
    expect((await call('post', path, { json: { cpr: CPR } })).status).toBe(401);
    expect((await call('post', path, { headers: own, json: { cpr: aSyntheticCpr(812) } })).status).toBe(403);
    expect((await call('post', path, { headers: own, json: { cpr: 12 } })).status).toBe(422);
    expect((await call('post', path, { headers: own, raw: '[' })).status).toBe(400);
    expect((await call('post', path, { headers: own, raw: 'cpr', type: 'text/plain' })).status).toBe(415);
  });

  it('GET /health, /health/ready, /health/live', async () => {
    for (const path of ['/health', '/health/ready', '/health/live']) {
      expect((await call('get', path)).status).toBe(200);
      expect((await call('get', path, { path: `${path}?q=${CPR}` })).status).toBe(400);
    }
  });

  it('has called every operation of the document, with a success and a refusal of each', () => {
    const missing = [...seen].filter(([, statuses]) => {
      const all = [...statuses];
      return !all.some((s) => s < 400) || !all.some((s) => s >= 400);
    });
    expect(missing.map(([op, s]) => `${op}: ${[...s].join(', ')}`)).toEqual([]);
  });
});
