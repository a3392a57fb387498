import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { aBevilling, aDeliveryItem, aDokument, aSag, aSyntheticCpr, type IndexObject } from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  brokenJsonText,
  contractBreach,
  describeFuzzRequest,
  createTestDatabase,
  createTestRedis,
  FuzzRandom,
  answered,
  type FuzzRequest,
  formatTally,
  fuzzTally,
  malformedRawRequest,
  mutateJson,
  oddAuthorization,
  oddHeaders,
  oddQuery,
  oddSegment,
  OTHER_FAGSYSTEM,
  seedTestReference,
  sendFuzzRequests,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';
import { apiConfigSchema } from './api.config';
import { createApiApp } from './api.app';

jest.setTimeout(180_000);

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_260_518);
const REQUESTS = 10_000;

let db: TestDatabase;
let redis: TestRedis;
let keys: DevKeyPair;
let app: NestFastifyApplication;
let port: number;
const tokens: Record<'vendor' | 'otherVendor' | 'orchestration' | 'wrongScope', string> = {
  vendor: '',
  otherVendor: '',
  orchestration: '',
  wrongScope: '',
};
let knownDeliveryId: string;

const owned = {
  ejer: { cvr: TEST_MUNICIPALITY.cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
};
const CPRS = [aSyntheticCpr(11), aSyntheticCpr(12), aSyntheticCpr(13)];

const vendorToken = (subject: string, scope = 'delivery:write') =>
  mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience: 'overblik-delivery', subject, scope });

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  keys = await generateDevKeyPair('fuzz-key');
  await seedTestReference(db.dataSource);
  const env = testEnv(db, {
    QUEUE_PREFIX: redis.prefix,
    VENDOR_JWKS: keys.jwks,
    ORCHESTRATION_JWKS: keys.jwks,
    // the limiter's 429 is a fine answer, but the fuzz should reach the handlers
    OVERVIEW_RATE_LIMIT_PER_SECOND: '100000',
    OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: '100000',
  });
  app = await createApiApp(loadConfig(apiConfigSchema, env));
  await app.listen(0, '127.0.0.1');
  port = (app.getHttpServer().address() as AddressInfo).port;
  tokens.vendor = await vendorToken(TEST_FAGSYSTEM.id);
  tokens.otherVendor = await vendorToken(OTHER_FAGSYSTEM.id);
  tokens.wrongScope = await vendorToken(TEST_FAGSYSTEM.id, 'overview:read');
  tokens.orchestration = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-overview',
    subject: 'fuzz-orchestration',
    scope: 'overview:read',
  });
});

afterAll(async () => {
  await app?.close();
  await redis?.drop();
  await db?.drop();
});

/** Valid index objects of the test fagsystem, each with a UUID of its own from the seeded source. */
function validObject(rng: FuzzRandom): IndexObject {
  const uuid = (): string => {
    const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  return rng.pick<() => IndexObject>([
    () => aSag({ ...owned, uuid: uuid() }),
    () => aDokument({ ...owned, uuid: uuid() }),
    () => aBevilling({ ...owned, uuid: uuid() }),
  ])();
}

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/problem+json',
  'application/json, text/plain',
  'application/JSON',
  ';;;',
  '',
  'application/x-ndjson',
];

function withExtras(rng: FuzzRandom, req: FuzzRequest): FuzzRequest {
  return rng.chance(0.15) ? { ...req, headers: { ...req.headers, ...oddHeaders(rng) } } : req;
}

/** One request of the run, by weight: bodies, streams, queries, paths, methods, tokens, raw bytes. */
function nextRequest(rng: FuzzRandom, i: number): FuzzRequest {
  const bearer = (t: string): Record<string, string> => ({ authorization: `Bearer ${t}` });
  const json = { 'content-type': 'application/json' };
  return withExtras(
    rng,
    rng.weighted<FuzzRequest>([
      [
        1.5,
        () => {
          // a valid batch: answered 202, all its items stored (some sent twice with one key)
          const key = rng.chance(0.3) ? `fuzz-key-${rng.int(0, 40)}` : undefined;
          const items = Array.from({ length: rng.int(1, 5) }, () => aDeliveryItem(validObject(rng)));
          const headers: Record<string, string> = { ...bearer(tokens.vendor), ...json };
          if (key) headers['idempotency-key'] = key;
          return {
            kind: 'delivery-valid',
            method: 'POST',
            path: '/v1/deliveries',
            headers,
            body: JSON.stringify({ items }),
          };
        },
      ],
      [
        22,
        () => {
          const items = Array.from({ length: rng.int(1, 3) }, () => aDeliveryItem(validObject(rng)));
          return {
            kind: 'delivery-mutated',
            method: 'POST',
            path: '/v1/deliveries',
            headers: { ...bearer(tokens.vendor), ...json },
            body: JSON.stringify(mutateJson(rng, { items })),
          };
        },
      ],
      [
        10,
        () => ({
          kind: 'delivery-broken-json',
          method: 'POST',
          path: '/v1/deliveries',
          headers: { ...bearer(tokens.vendor), ...json },
          body: brokenJsonText(rng, JSON.stringify({ items: [aDeliveryItem(validObject(rng))] })),
        }),
      ],
      [
        5,
        () => ({
          kind: 'delivery-media-type',
          method: 'POST',
          path: rng.pick(['/v1/deliveries', '/v1/deliveries/stream', '/v1/overview']),
          headers: { ...bearer(tokens.vendor), 'content-type': rng.pick(CONTENT_TYPES) },
          body: rng.pick(['{"items":[]}', 'items=1', '<items/>', '\u0000\u0001', '']),
        }),
      ],
      [
        2,
        () => ({
          kind: 'delivery-too-many',
          method: 'POST',
          path: '/v1/deliveries',
          headers: { ...bearer(tokens.vendor), ...json },
          body: JSON.stringify({ items: Array.from({ length: rng.int(1001, 1500) }, () => rng.pick([1, {}, null])) }),
        }),
      ],
      [
        1,
        () => ({
          kind: 'delivery-encoding',
          method: 'POST',
          path: '/v1/deliveries',
          headers: {
            ...bearer(tokens.vendor),
            ...json,
            'content-encoding': rng.pick(['gzip', 'br', 'deflate', 'x-zip']),
          },
          body: JSON.stringify({ items: [aDeliveryItem(validObject(rng))] }),
        }),
      ],
      [
        4,
        () => {
          const lines = Array.from({ length: rng.int(1, 12) }, () =>
            rng.weighted<string>([
              [3, () => JSON.stringify(aDeliveryItem(validObject(rng)))],
              [3, () => JSON.stringify(mutateJson(rng, aDeliveryItem(validObject(rng))))],
              [2, () => brokenJsonText(rng, JSON.stringify(aDeliveryItem(validObject(rng))))],
              [1, () => ''],
            ]),
          );
          const headers: Record<string, string> = { ...bearer(tokens.vendor), 'content-type': 'application/x-ndjson' };
          if (rng.chance(0.3)) headers['idempotency-key'] = `fuzz-stream-${rng.int(0, 30)}`;
          if (rng.chance(0.2))
            headers['stream-resume-after'] = rng.pick(['0', '1', '-1', '1e3', '99999999999', 'x', '']);
          return {
            kind: 'stream',
            method: 'POST',
            path: '/v1/deliveries/stream',
            headers,
            body: lines.join(rng.pick(['\n', '\r\n', '\n\n'])),
          };
        },
      ],
      [
        12,
        () => ({
          kind: 'status-query',
          method: 'GET',
          path: `/v1/deliveries/${rng.chance(0.7) ? knownDeliveryId : oddSegment(rng)}${oddQuery(rng, ['after', 'limit'])}`,
          headers: bearer(rng.chance(0.9) ? tokens.vendor : tokens.otherVendor),
        }),
      ],
      [
        8,
        () => ({
          kind: 'dead-letters-query',
          method: 'GET',
          path: `/v1/dead-letters${oddQuery(rng, ['after', 'limit'])}`,
          headers: bearer(tokens.vendor),
        }),
      ],
      [
        3,
        () => ({
          kind: 'by-key',
          method: 'GET',
          path: `/v1/deliveries/by-key/${rng.chance(0.3) ? `fuzz-key-${rng.int(0, 40)}` : oddSegment(rng)}`,
          headers: bearer(tokens.vendor),
        }),
      ],
      [
        3,
        () => ({
          kind: 'replay',
          method: 'POST',
          path: '/v1/dead-letters/replay',
          headers: { ...bearer(tokens.vendor), ...json },
          body: JSON.stringify(
            mutateJson(rng, { ids: rng.pick([['1'], ['9223372036854775808'], ['-1'], [1], [], ['1e3'], ['0']]) }),
          ),
        }),
      ],
      [
        7,
        () => {
          const headers: Record<string, string> = { ...bearer(tokens.orchestration), ...json };
          if (rng.chance(0.2))
            headers['x-citizen-assertion'] = rng.pick(['', 'a.b.c', 'x'.repeat(3000), tokens.vendor]);
          const body = { cpr: rng.pick(CPRS), formaal: 'MIT_OVERBLIK', kommuner: [TEST_MUNICIPALITY.cvr] };
          return {
            kind: 'overview',
            method: 'POST',
            path: rng.pick(['/v1/overview', '/v1/access-log']),
            headers,
            body: rng.chance(0.2)
              ? brokenJsonText(rng, JSON.stringify(body))
              : JSON.stringify(rng.chance(0.15) ? body : mutateJson(rng, body)),
          };
        },
      ],
      [
        5,
        () => ({
          kind: 'odd-path',
          method: rng.pick(['GET', 'POST']),
          path: rng.pick([
            `/v1/deliveries/${oddSegment(rng)}`,
            `/v1/${oddSegment(rng)}`,
            `/${oddSegment(rng)}`,
            '//v1//deliveries',
            '/v1/deliveries/',
            '/V1/DELIVERIES',
            '/v1/deliveries/../dead-letters',
            '/v1/./dead-letters',
            `/v1/deliveries/${knownDeliveryId}/${oddSegment(rng)}`,
            '/health/%zz',
            '/docs/%zz',
            `/openapi.json${oddQuery(rng, ['after'])}`,
          ]),
          headers: bearer(tokens.vendor),
        }),
      ],
      [
        4,
        () => ({
          kind: 'odd-method',
          method: rng.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'SEARCH', 'LOCK', 'GET']),
          path: rng.pick([
            '/v1/deliveries',
            '/v1/deliveries/stream',
            '/v1/overview',
            '/v1/dead-letters/replay',
            '/health',
          ]),
          headers: { ...bearer(tokens.vendor), ...json },
          body: rng.chance(0.5) ? '{"items":[]}' : undefined,
        }),
      ],
      [
        6,
        () => {
          const t = rng.pick([tokens.vendor, tokens.orchestration, tokens.wrongScope, tokens.otherVendor]);
          return {
            kind: 'odd-token',
            method: rng.pick(['GET', 'POST']),
            path: rng.pick(['/v1/dead-letters', '/v1/deliveries', `/v1/deliveries/${knownDeliveryId}`, '/v1/overview']),
            headers: { authorization: oddAuthorization(rng, t), ...json },
            body: rng.chance(0.5) ? JSON.stringify({ items: [aDeliveryItem(validObject(rng))] }) : undefined,
          };
        },
      ],
      [
        i % 2 === 0 ? 3 : 0, // raw sockets are slower: fewer of them
        () => ({
          kind: 'raw',
          method: 'RAW',
          path: '',
          raw: malformedRawRequest(
            rng,
            rng.pick(['/v1/dead-letters', '/v1/deliveries', '/health', `/v1/deliveries/${knownDeliveryId}`]),
            `Bearer ${tokens.vendor}`,
          ),
        }),
      ],
    ]),
  );
}

const count = async (sql: string, params: unknown[] = []): Promise<number> =>
  Number(((await db.dataSource.query(sql, params)) as Array<{ n: string }>)[0]!.n);

describe('10,000 malformed requests against the api', () => {
  it('answers none with 5xx, every refusal as problem+json with a rule, and writes nothing half', async () => {
    // one stored delivery to page through
    const [first] = await sendFuzzRequests(port, [
      {
        kind: 'setup',
        method: 'POST',
        path: '/v1/deliveries',
        headers: { authorization: `Bearer ${tokens.vendor}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          items: [aDeliveryItem(aSag({ ...owned, uuid: '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d0f00' }))],
        }),
      },
    ]);
    expect(answered(first!.answer) && first!.answer.status).toBe(202);
    knownDeliveryId = JSON.parse((first!.answer as { body: string }).body).deliveryId;

    const before = {
      deliveries: await count('select count(*) as n from delivery'),
      items: await count('select count(*) as n from delivery_item'),
      accessLog: await count('select count(*) as n from access_log'),
    };
    const rng = new FuzzRandom(SEED);
    const requests = Array.from({ length: REQUESTS }, (_, i) => nextRequest(rng, i));
    // two bodies over the 10 MB limit
    for (const at of [REQUESTS / 3, (2 * REQUESTS) / 3]) {
      requests[at] = {
        kind: 'delivery-too-large',
        method: 'POST',
        path: '/v1/deliveries',
        headers: { authorization: `Bearer ${tokens.vendor}`, 'content-type': 'application/json' },
        body: `{"items":["${'x'.repeat(10 * 1024 * 1024 + 10)}"]}`,
      };
    }
    const started = Date.now();
    const cpu = process.cpuUsage();
    const results = await sendFuzzRequests(port, requests, { concurrency: 6 });
    const seconds = (Date.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const cpuSeconds = (user + system) / 1e6;

    const tally = fuzzTally(results);
    process.stdout.write(
      `api fuzz (seed ${SEED}): ${results.length} requests in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU, client and app)\n${formatTally(tally)}\n`,
    );
    const { byStatus } = tally;

    const breaches = results.flatMap((r, i) => {
      const why = contractBreach(r);
      return why ? [`#${i} ${describeFuzzRequest(r.request)}: ${why}`] : [];
    });
    expect(breaches.slice(0, 20)).toEqual([]);
    expect(Object.keys(byStatus).filter((s) => /^5\d\d$/.test(s))).toEqual([]);

    // no CPR number sent in an overview body comes back in a refusal
    const leaks = results.filter(
      (r) =>
        answered(r.answer) &&
        r.answer.status >= 400 &&
        CPRS.some((c) => (r.answer as { body: string }).body.includes(c)),
    );
    expect(leaks.map((r) => r.request.kind)).toEqual([]);

    // only the requests answered 202 wrote a delivery, and each such delivery holds all its items
    const accepted = new Map<string, number>();
    for (const r of results) {
      if (!answered(r.answer) || r.answer.status !== 202) continue;
      const body = JSON.parse(r.answer.body) as { deliveryId: string; itemCount: number; state?: string };
      if (body.state !== undefined) expect(body.state).toBe('complete');
      accepted.set(body.deliveryId, body.itemCount);
    }
    expect(accepted.size).toBeGreaterThan(50);
    const newDeliveries: Array<{ id: string; item_count: number; state: string; stored: string }> =
      await db.dataSource.query(
        `select d.id, d.item_count, d.state, (select count(*) from delivery_item i where i.delivery_id = d.id) as stored
         from delivery d where d.id <> $1`,
        [knownDeliveryId],
      );
    expect(newDeliveries.length).toBe(before.deliveries - 1 + accepted.size);
    const incomplete = newDeliveries.filter(
      (d) => accepted.get(d.id) !== d.item_count || Number(d.stored) !== d.item_count || d.state !== 'complete',
    );
    expect(incomplete).toEqual([]);
    expect(await count('select count(*) as n from delivery_item')).toBe(
      before.items + [...accepted.values()].reduce((a, b) => a + b, 0),
    );

    // an overview answered 200 wrote one access-log record; a refused one none
    const answeredOverviews = results.filter(
      (r) =>
        r.request.kind === 'overview' &&
        r.request.path === '/v1/overview' &&
        answered(r.answer) &&
        r.answer.status === 200,
    ).length;
    expect(await count('select count(*) as n from access_log')).toBe(before.accessLog + answeredOverviews);
  });
});
