import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { aSag, aSyntheticCpr, cprKey } from '@overblik/domain';
import { generateDevKeyPair, loadConfig, mintToken, type DevKeyPair } from '@overblik/platform';
import {
  answered,
  brokenJsonText,
  contractBreach,
  describeFuzzRequest,
  createTestDatabase,
  formatTally,
  FuzzRandom,
  type FuzzRequest,
  fuzzTally,
  malformedRawRequest,
  mutateJson,
  oddAuthorization,
  oddHeaders,
  oddQuery,
  oddSegment,
  OTHER_MUNICIPALITY,
  seedTestReference,
  sendFuzzRequests,
  TEST_CPR_HASH_KEY,
  TEST_FAGSYSTEM,
  TEST_MUNICIPALITY,
  testEnv,
  type TestDatabase,
} from '@overblik/testing';
import { adminConfigSchema } from './admin.config';
import { createAdminApp } from './admin.app';

jest.setTimeout(180_000);

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_260_519);
const REQUESTS = 10_000;
const HELD = 5;

let db: TestDatabase;
let keys: DevKeyPair;
let app: NestExpressApplication;
let port: number;
let heldIds: string[] = [];
const tokens = { admin: '', otherMunicipality: '', wrongScope: '' };

const adminToken = (cvr: string, scope = 'held:release') =>
  mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-admin',
    subject: 'fuzz-admin',
    scope,
    claims: { cvr },
  });

/** Cases the safety net held, as the worker leaves them. */
async function seedHeldCases(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < HELD; i++) {
    const citizenKey = cprKey(aSyntheticCpr(40 + i), TEST_CPR_HASH_KEY);
    const sag = aSag({
      uuid: `6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d1${String(i).padStart(3, '0')}`,
      titel: 'Bekymring om misbrug',
      ejer: { cvr: TEST_MUNICIPALITY.cvr },
      itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
    });
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
    const [row]: Array<{ id: string }> = await db.dataSource.query(
      `insert into held_record (citizen_key, object_id, kind, owner_cvr, pointer, reason) values ($1,$2,'sag',$3,'/object/titel','word on the municipality''s list') returning id::text`,
      [citizenKey, sag.uuid, TEST_MUNICIPALITY.cvr],
    );
    ids.push(row!.id);
  }
  return ids;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestReference(db.dataSource);
  keys = await generateDevKeyPair('admin-fuzz');
  heldIds = await seedHeldCases();
  app = await createAdminApp(loadConfig(adminConfigSchema, testEnv(db, { ADMIN_JWKS: keys.jwks })));
  await app.listen(0, '127.0.0.1');
  port = (app.getHttpServer().address() as AddressInfo).port;
  tokens.admin = await adminToken(TEST_MUNICIPALITY.cvr);
  tokens.otherMunicipality = await adminToken(OTHER_MUNICIPALITY.cvr);
  tokens.wrongScope = await adminToken(TEST_MUNICIPALITY.cvr, 'overview:read');
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nope',
  'application/vnd.x+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
];

function nextRequest(rng: FuzzRandom, i: number): FuzzRequest {
  const bearer = (t: string): Record<string, string> => ({ authorization: `Bearer ${t}` });
  const id = (): string =>
    rng.weighted<string>([
      [1, () => rng.pick(heldIds)],
      [4, () => oddSegment(rng)],
      [2, () => rng.pick(['0', '1', '999999999999999999', '9223372036854775808', '1e3', '-1', '01'])],
    ]);
  const req = rng.weighted<FuzzRequest>([
    [
      22,
      () => ({
        kind: 'held-query',
        method: 'GET',
        path: `/v1/held${oddQuery(rng, ['after', 'limit'])}`,
        headers: bearer(rng.chance(0.9) ? tokens.admin : tokens.otherMunicipality),
      }),
    ],
    [
      25,
      () => {
        const valid = JSON.stringify({ note: 'released after review' });
        return {
          kind: 'release',
          method: 'POST',
          path: `/v1/held/${id()}/release`,
          headers: {
            ...bearer(rng.chance(0.85) ? tokens.admin : tokens.otherMunicipality),
            'content-type': rng.pick(CONTENT_TYPES),
          },
          body: rng.weighted<string>([
            [3, () => valid],
            [3, () => JSON.stringify(mutateJson(rng, { note: 'x', ids: [1, 2], nested: { a: [1] } }))],
            [4, () => brokenJsonText(rng, valid)],
          ]),
        };
      },
    ],
    [
      3,
      () => ({
        kind: 'release-encoding',
        method: 'POST',
        path: `/v1/held/${id()}/release`,
        headers: {
          ...bearer(tokens.admin),
          'content-type': 'application/json',
          'content-encoding': rng.pick(['gzip', 'deflate', 'br', 'x-zip', 'identity']),
        },
        body: '{"note":"x"}',
      }),
    ],
    [
      10,
      () => ({
        kind: 'odd-path',
        method: rng.pick(['GET', 'POST']),
        path: rng.pick([
          `/v1/held/${oddSegment(rng)}`,
          `/v1/held/${oddSegment(rng)}/release`,
          `/v1/${oddSegment(rng)}`,
          `/${oddSegment(rng)}`,
          '//v1//held',
          '/v1/held/',
          '/V1/HELD',
          '/v1/held/../held',
          '/health/%zz',
          `/openapi.json${oddQuery(rng, ['after'])}`,
          `/docs/${oddSegment(rng)}`,
        ]),
        headers: bearer(tokens.admin),
      }),
    ],
    [
      8,
      () => ({
        kind: 'odd-method',
        method: rng.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'SEARCH', 'LOCK']),
        path: rng.pick(['/v1/held', `/v1/held/${rng.pick(heldIds)}/release`, '/health']),
        headers: { ...bearer(tokens.admin), 'content-type': 'application/json' },
        body: rng.chance(0.5) ? '{}' : undefined,
      }),
    ],
    [
      12,
      () => {
        const t = rng.pick([tokens.admin, tokens.wrongScope, tokens.otherMunicipality]);
        return {
          kind: 'odd-token',
          method: rng.pick(['GET', 'POST']),
          path: rng.pick(['/v1/held', `/v1/held/${rng.pick(heldIds)}/release`]),
          headers: { authorization: oddAuthorization(rng, t), 'content-type': 'application/json' },
          body: rng.chance(0.5) ? '{}' : undefined,
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
          rng.pick(['/v1/held', '/health', '/v1/held/1/release']),
          `Bearer ${tokens.admin}`,
        ),
      }),
    ],
  ]);
  return rng.chance(0.15) ? { ...req, headers: { ...req.headers, ...oddHeaders(rng) } } : req;
}

describe('10,000 malformed requests against the admin', () => {
  it('answers none with 5xx, every refusal as problem+json with a rule, and releases only what it answered', async () => {
    const rng = new FuzzRandom(SEED);
    const requests = Array.from({ length: REQUESTS }, (_, i) => nextRequest(rng, i));
    // a body over the 1 MB limit
    requests[REQUESTS / 2] = {
      kind: 'release-too-large',
      method: 'POST',
      path: `/v1/held/${heldIds[0]}/release`,
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: `{"note":"${'x'.repeat(1024 * 1024 + 10)}"}`,
    };
    const started = Date.now();
    const cpu = process.cpuUsage();
    const results = await sendFuzzRequests(port, requests, { concurrency: 6 });
    const seconds = (Date.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const cpuSeconds = (user + system) / 1e6;
    const tally = fuzzTally(results);
    process.stdout.write(
      `admin fuzz (seed ${SEED}): ${results.length} requests in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU, client and app)\n${formatTally(tally)}\n`,
    );

    const breaches = results.flatMap((r, i) => {
      const why = contractBreach(r);
      return why ? [`#${i} ${describeFuzzRequest(r.request)}: ${why}`] : [];
    });
    expect(breaches.slice(0, 20)).toEqual([]);
    expect(Object.keys(tally.byStatus).filter((s) => /^5\d\d$/.test(s))).toEqual([]);

    // a held record is released only by a request answered 200 (once each), and by nothing else
    const answers200 = results.filter(
      (r) => r.request.kind.startsWith('release') && answered(r.answer) && r.answer.status === 200,
    );
    const releasedBy200 = new Set(
      answers200.map((r) => (JSON.parse((r.answer as { body: string }).body) as { id: string }).id),
    );
    expect(answers200.length).toBe(releasedBy200.size);
    const released: Array<{ id: string }> = await db.dataSource.query(
      'select id::text from held_record where released_at is not null order by id',
    );
    expect(released.map((r) => r.id)).toEqual([...releasedBy200].sort((a, b) => Number(a) - Number(b)));
    expect(releasedBy200.size).toBeGreaterThan(0);
  });
});
