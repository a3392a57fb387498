import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { aSyntheticCpr } from '@overblik/domain';
import { type DevKeyPair, generateDevKeyPair, mintToken } from '@overblik/platform';
import {
  type AppProcess,
  createTestDatabase,
  createTestRedis,
  freePort,
  seedTestReference,
  startApp,
  testEnv,
  type TestDatabase,
  type TestRedis,
} from '@overblik/testing';
import {
  CITIZEN_ASSERTION,
  CONTRACT_CITIZENS,
  type OpenCaseStateParams,
  ORCHESTRATION_TOKEN,
  OVERVIEW_PACT_FILE,
  OVERVIEW_PROVIDER,
  OVERVIEW_STATES,
  type OverviewState,
} from './overview-contract';
import { ACCESS_LOG_PATH, OVERVIEW_PATH } from './overview-api.client';
import { seedCitizenWithNothing, seedCitizenWithOpenCase } from './overview.provider-states';

/**
 * Verifies the orchestration pact (libs/compliance/pacts/) against the real overview API: apps/api runs
 * as its own process (main.ts, as in production) on a fresh database with the test reference data; each
 * provider state resets and seeds real rows; a request filter puts freshly minted credentials in place of
 * the pact's placeholders. Runs in the `pact-verify` target, after `pact` has rewritten the file.
 */

jest.setTimeout(300_000);

/** Low, so the rate-limit state can use it up in a few calls; every interaction calls as a client of its own. */
const RATE_LIMIT_PER_SECOND = 5;
const INVALID_CPR_INTERACTION = 'a request for an overview with an invalid CPR number';

/** The part of a V4 pact file the negative test edits. */
interface PactFile {
  interactions: Array<{
    description: string;
    providerStates?: Array<{ name: string }>;
    response: { body: { content: { violations: Array<{ pointer: string }> } } };
  }>;
}

let db: TestDatabase;
let redis: TestRedis;
let api: AppProcess;
let baseUrl: string;
let keys: { orchestration: DevKeyPair; login: DevKeyPair; untrusted: DevKeyPair; vendor: DevKeyPair };

/** The credentials the next request carries; set by the provider state of the interaction. */
interface Caller {
  token: 'valid' | 'unknown-key' | 'without-scope' | 'expired';
  client: string;
  assertion: 'for-the-citizen' | 'for-another-citizen';
}
const AS_USUAL: Caller = { token: 'valid', client: ORCHESTRATION_TOKEN.subject, assertion: 'for-the-citizen' };
let caller: Caller = AS_USUAL;
let interactions = 0;

function bearerToken(c: Caller): Promise<string> {
  const { issuer, audience, scope } = ORCHESTRATION_TOKEN;
  return mintToken({
    privateJwk: (c.token === 'unknown-key' ? keys.untrusted : keys.orchestration).privateJwk,
    issuer,
    audience,
    subject: c.client,
    scope: c.token === 'without-scope' ? 'delivery:write' : scope,
    // two minutes ago: past the API's 30 s clock tolerance
    ...(c.token === 'expired' ? { expiresIn: Math.floor(Date.now() / 1000) - 120 } : {}),
  });
}

/** The login service's assertion for the CPR number in the request body (or for someone else). */
function citizenAssertion(c: Caller, cprInBody: unknown): Promise<string> {
  const cpr = c.assertion === 'for-another-citizen' || typeof cprInBody !== 'string' ? aSyntheticCpr(7_999) : cprInBody;
  return mintToken({
    privateJwk: keys.login.privateJwk,
    issuer: CITIZEN_ASSERTION.issuer,
    audience: CITIZEN_ASSERTION.audience,
    subject: 'contract-login-session',
    scope: 'citizen',
    claims: { cpr, azp: c.client },
  });
}

/** Replaces the pact's placeholder token and assertion (only where the interaction sends them). */
const injectCredentials: RequestHandler = (req, _res, next) => {
  if (req.path !== OVERVIEW_PATH && req.path !== ACCESS_LOG_PATH) return next();
  const assertionHeader = CITIZEN_ASSERTION.header.toLowerCase();
  const body = req.body as { cpr?: unknown } | undefined;
  Promise.all([
    req.headers.authorization ? bearerToken(caller) : undefined,
    req.headers[assertionHeader] ? citizenAssertion(caller, body?.cpr) : undefined,
  ]).then(
    ([token, assertion]) => {
      if (token) req.headers.authorization = `Bearer ${token}`;
      if (assertion) req.headers[assertionHeader] = assertion;
      next();
    },
    (error: unknown) => next(error),
  );
};

/** One overview call through the API as the current caller (with a valid token), as the orchestration layer makes it. */
async function callOverview(cpr: string, kommuner?: string[]): Promise<Response> {
  return fetch(baseUrl + OVERVIEW_PATH, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await bearerToken({ ...caller, token: 'valid' })}`,
    },
    body: JSON.stringify({ cpr, formaal: 'MIT_OVERBLIK', ...(kommuner ? { kommuner } : {}) }),
  });
}

/** Reads the citizen's overview through the API; returns the answer's ETag. */
async function readOverview(params: OpenCaseStateParams, cpr: string): Promise<string> {
  const res = await callOverview(cpr, [params.kommune]);
  const etag = res.headers.get('etag');
  if (res.status !== 200 || !etag) throw new Error(`the state could not read the overview: ${res.status}`);
  return etag;
}

/**
 * Uses up the current caller's call rate through the API itself, whatever way the API counts: from the top
 * of a second it calls until the API answers 429, and returns while most of that second is left, so the
 * interaction's own call follows within the same second (else it tries again in the next one).
 */
async function useUpCallRate(): Promise<void> {
  const secondNow = (): number => Math.floor(Date.now() / 1000);
  for (let attempt = 0; attempt < 3; attempt++) {
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    const second = secondNow();
    for (let call = 0; call < RATE_LIMIT_PER_SECOND * 4 && secondNow() === second; call++) {
      const limited = (await callOverview(CONTRACT_CITIZENS.withNothing)).status === 429;
      if (limited && secondNow() === second && Date.now() % 1000 < 600) return;
      if (limited) break;
    }
  }
  throw new Error(`the API did not limit ${RATE_LIMIT_PER_SECOND * 4} calls a second early enough in three tries`);
}

const openCaseParams = (params: unknown): OpenCaseStateParams => {
  const p = (params ?? {}) as Partial<OpenCaseStateParams>;
  if (typeof p.kommune !== 'string' || typeof p.kle !== 'string')
    throw new Error('the open-case state needs the parameters kommune and kle');
  return { kommune: p.kommune, kle: p.kle };
};

beforeAll(async () => {
  if (!existsSync(OVERVIEW_PACT_FILE))
    throw new Error(`no pact at ${OVERVIEW_PACT_FILE}: run the consumer test (npx nx run compliance:pact) first`);
  const [database, testRedis, orchestration, login, untrusted, vendor] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    generateDevKeyPair('orchestration-contract'),
    generateDevKeyPair('login-contract'),
    generateDevKeyPair('someone-else'),
    generateDevKeyPair('vendor-contract'),
  ]);
  db = database;
  redis = testRedis;
  keys = { orchestration, login, untrusted, vendor };
  await seedTestReference(db.dataSource);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  api = await startApp(
    'api',
    testEnv(db, {
      API_PORT: String(port),
      QUEUE_PREFIX: redis.prefix,
      VENDOR_JWKS: vendor.jwks,
      ORCHESTRATION_JWKS: orchestration.jwks,
      ORCHESTRATION_JWT_ISSUER: ORCHESTRATION_TOKEN.issuer,
      ORCHESTRATION_JWT_AUDIENCE: ORCHESTRATION_TOKEN.audience,
      CITIZEN_ASSERTION_JWKS: login.jwks,
      CITIZEN_ASSERTION_ISSUER: CITIZEN_ASSERTION.issuer,
      OVERVIEW_RATE_LIMIT_PER_SECOND: String(RATE_LIMIT_PER_SECOND),
    }),
    { timeoutMs: 120_000 },
  );
});

/** Runs a teardown step with a bound, so a step that hangs names itself instead of holding the run. */
async function step(
  what: string,
  ms: number,
  work: () => Promise<unknown>,
  onTimeout?: () => Promise<unknown>,
): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    const outcome = await Promise.race([work(), timedOut]);
    if (outcome !== 'timeout') return null;
    await onTimeout?.();
    return `${what} did not finish within ${ms / 1000} s`;
  } catch (error) {
    return `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

afterAll(async () => {
  const failures = [
    // SIGTERM, and SIGKILL after the API's own shutdown grace
    api
      ? await step(
          'stopping the API',
          15_000,
          () => api.stop(),
          () => api.kill(),
        )
      : null,
    redis
      ? await step(
          'dropping the Redis key prefix',
          20_000,
          () => redis.drop(),
          async () => redis.client.disconnect(),
        )
      : null,
    db ? await step(`dropping the test database ${new URL(db.url).pathname.slice(1)}`, 20_000, () => db.drop()) : null,
  ].filter((f): f is string => f !== null);
  if (failures.length) throw new Error(failures.join('; '));
}, 90_000);

/** Every interaction calls as a client of its own, with usual credentials until its state says otherwise. */
const asAFreshClient = async (): Promise<void> => {
  caller = { ...AS_USUAL, client: `${ORCHESTRATION_TOKEN.subject}-${++interactions}` };
};

type StateSetup = (params?: unknown) => Promise<Record<string, string> | void>;

/** What each provider state of the pact means in the API's test database and for the caller's credentials. */
const STATE_SETUPS: Record<OverviewState, StateSetup> = {
  [OVERVIEW_STATES.openCaseWithPayments]: async (params) => {
    const p = openCaseParams(params);
    await seedCitizenWithOpenCase(db.dataSource, p);
    // the ETag of the current answer, for the If-None-Match interaction
    return { etag: await readOverview(p, CONTRACT_CITIZENS.withOpenCase) };
  },
  [OVERVIEW_STATES.nothing]: () => seedCitizenWithNothing(db.dataSource),
  [OVERVIEW_STATES.overviewRead]: async (params) => {
    const p = openCaseParams(params);
    await seedCitizenWithOpenCase(db.dataSource, p, CONTRACT_CITIZENS.withReads);
    await readOverview(p, CONTRACT_CITIZENS.withReads);
  },
  [OVERVIEW_STATES.tokenFromUnknownKey]: async () => {
    caller = { ...caller, token: 'unknown-key' };
  },
  [OVERVIEW_STATES.tokenWithoutScope]: async () => {
    caller = { ...caller, token: 'without-scope' };
  },
  [OVERVIEW_STATES.tokenExpired]: async () => {
    caller = { ...caller, token: 'expired' };
  },
  [OVERVIEW_STATES.assertionForAnotherCitizen]: async () => {
    caller = { ...caller, assertion: 'for-another-citizen' };
  },
  [OVERVIEW_STATES.rateLimited]: useUpCallRate,
  [OVERVIEW_STATES.up]: async () => undefined,
};

/**
 * pact-js logs a state handler that throws and goes on with the interaction; these handlers also record
 * the failure, so a state that could not be set up fails the verification even if the answer matched.
 */
const stateFailures: string[] = [];
const strictHandlers = (): NonNullable<VerifierOptions['stateHandlers']> =>
  Object.fromEntries(
    Object.entries(STATE_SETUPS).map(([state, setup]) => [
      state,
      async (params?: unknown) => {
        try {
          return (await setup(params)) ?? undefined;
        } catch (error) {
          stateFailures.push(`${state}: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
    ]),
  );

describe('the overview API', () => {
  it('has a setup for every provider state the pact names', () => {
    const named = (JSON.parse(readFileSync(OVERVIEW_PACT_FILE, 'utf8')) as PactFile).interactions.flatMap((i) =>
      (i.providerStates ?? []).map((ps) => ps.name),
    );
    expect(named.filter((name) => !(name in STATE_SETUPS))).toEqual([]);
  });

  it("honours every interaction of the orchestration layer's pact", async () => {
    const verification = new Verifier({
      provider: OVERVIEW_PROVIDER,
      providerBaseUrl: baseUrl,
      pactUrls: [OVERVIEW_PACT_FILE],
      requestFilter: injectCredentials,
      beforeEach: asAFreshClient,
      stateHandlers: strictHandlers(),
      logLevel: 'warn',
    });
    // rejects, naming every interaction that failed, when the API breaks the contract
    await expect(verification.verifyProvider()).resolves.toBeDefined();
    expect(stateFailures).toEqual([]);
  });

  it('never wrote a contract CPR number into a log line or a metric label', async () => {
    const logs = api.output();
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(logs).toMatch(/\/v1\/overview/); // the API's request logs were captured
    for (const cpr of [...Object.values(CONTRACT_CITIZENS), aSyntheticCpr(7_999)]) {
      for (const v of [cpr, `${cpr.slice(0, 6)}-${cpr.slice(6)}`]) {
        expect(logs).not.toContain(v);
        expect(metrics).not.toContain(v);
      }
    }
  });

  it('fails a pact the API does not honour, so a pass above means something', async () => {
    // the invalid-CPR interaction is the one whose body holds no CPR number, so this copy holds none either
    const pact = JSON.parse(readFileSync(OVERVIEW_PACT_FILE, 'utf8')) as PactFile;
    const interaction = pact.interactions.find((i) => i.description === INVALID_CPR_INTERACTION);
    if (!interaction) throw new Error(`the pact lacks the interaction "${INVALID_CPR_INTERACTION}"`);
    interaction.response.body.content.violations[0].pointer = '/formaal';
    const dir = mkdtempSync(path.join(tmpdir(), 'overview-pact-'));
    try {
      const broken = path.join(dir, 'broken.json');
      writeFileSync(broken, JSON.stringify({ ...pact, interactions: [interaction] }));
      const verification = new Verifier({
        provider: OVERVIEW_PROVIDER,
        providerBaseUrl: baseUrl,
        pactUrls: [broken],
        requestFilter: injectCredentials,
        beforeEach: asAFreshClient,
        stateHandlers: strictHandlers(),
        logLevel: 'error',
      });
      process.stdout.write(
        '\n[compliance] the verification below is meant to FAIL: it checks a deliberately wrong expectation\n',
      );
      await expect(verification.verifyProvider()).rejects.toThrow(
        /Expected '\/cpr' \(String\) to be equal to '\/formaal'/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
