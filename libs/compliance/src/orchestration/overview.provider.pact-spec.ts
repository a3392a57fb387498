import { existsSync } from 'node:fs';
import net from 'node:net';
import type { RequestHandler } from 'express';
import { Verifier } from '@pact-foundation/pact';
import { type DevKeyPair, generateDevKeyPair, mintToken } from '@overblik/platform';
import {
  type AppProcess, createTestDatabase, createTestRedis, seedTestReference, startApp, testEnv, type TestDatabase, type TestRedis,
} from '@overblik/testing';
import { ORCHESTRATION_TOKEN, OVERVIEW_PACT_FILE, OVERVIEW_PROVIDER, OVERVIEW_STATES } from './overview-contract';
import { configureContractMunicipality, seedCitizenWithNothing, seedCitizenWithOpenCase } from './overview.provider-states';

/**
 * Verifies the committed orchestration pact (libs/compliance/pacts/) against the real overview API:
 * apps/api runs as its own process (main.ts, as in production) on a fresh database with the test
 * reference data; each provider state seeds real rows; a request filter puts a freshly minted token in
 * place of the pact's placeholder. Runs in the `pact-verify` target, after `pact` has rewritten the file.
 */

jest.setTimeout(300_000);

let db: TestDatabase;
let redis: TestRedis;
let api: AppProcess;
let baseUrl: string;
let trusted: DevKeyPair;
let untrusted: DevKeyPair;
let vendorKeys: DevKeyPair;

/** Which token the next request carries; set by the provider state of the interaction. */
type TokenKind = 'valid' | 'unknown-key' | 'without-scope';
let tokenKind: TokenKind = 'valid';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function tokenFor(kind: TokenKind): Promise<string> {
  const { issuer, audience, subject, scope } = ORCHESTRATION_TOKEN;
  const privateJwk = (kind === 'unknown-key' ? untrusted : trusted).privateJwk;
  return mintToken({ privateJwk, issuer, audience, subject, scope: kind === 'without-scope' ? 'delivery:write' : scope });
}

/** Replaces the pact's placeholder bearer token (only where the interaction sends one) with a fresh one. */
const injectToken: RequestHandler = (req, _res, next) => {
  if (!req.headers.authorization) return next();
  tokenFor(tokenKind).then(
    (token) => {
      req.headers.authorization = `Bearer ${token}`;
      next();
    },
    (error: unknown) => next(error),
  );
};

const state = (kind: TokenKind, seed?: (database: TestDatabase) => Promise<void>) => async (): Promise<void> => {
  tokenKind = kind;
  if (seed) await seed(db);
};

beforeAll(async () => {
  if (!existsSync(OVERVIEW_PACT_FILE)) throw new Error(`no pact at ${OVERVIEW_PACT_FILE}: run the consumer test (npx nx run compliance:pact) first`);
  [db, redis, trusted, untrusted, vendorKeys] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    generateDevKeyPair('orchestration-contract'),
    generateDevKeyPair('someone-else'),
    generateDevKeyPair('vendor-contract'),
  ]);
  await seedTestReference(db.dataSource);
  await configureContractMunicipality(db.dataSource);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  api = await startApp(
    'api',
    testEnv(db, {
      API_PORT: String(port),
      QUEUE_PREFIX: redis.prefix,
      VENDOR_JWKS: vendorKeys.jwks,
      ORCHESTRATION_JWKS: trusted.jwks,
      ORCHESTRATION_JWT_ISSUER: ORCHESTRATION_TOKEN.issuer,
      ORCHESTRATION_JWT_AUDIENCE: ORCHESTRATION_TOKEN.audience,
    }),
    120_000,
  );
});

afterAll(async () => {
  await api?.stop();
  await redis?.drop();
  await db?.drop();
});

describe('the overview API', () => {
  it('honours the orchestration layer\'s pact', async () => {
    const output = await new Verifier({
      provider: OVERVIEW_PROVIDER,
      providerBaseUrl: baseUrl,
      pactUrls: [OVERVIEW_PACT_FILE],
      requestFilter: injectToken,
      stateHandlers: {
        [OVERVIEW_STATES.openCaseWithPayments]: state('valid', (d) => seedCitizenWithOpenCase(d.dataSource)),
        [OVERVIEW_STATES.nothing]: state('valid', (d) => seedCitizenWithNothing(d.dataSource)),
        [OVERVIEW_STATES.tokenFromUnknownKey]: state('unknown-key'),
        [OVERVIEW_STATES.tokenWithoutScope]: state('without-scope'),
        [OVERVIEW_STATES.anyCitizen]: state('valid'),
      },
      logLevel: 'warn',
    }).verifyProvider();
    expect(output).toContain(OVERVIEW_PROVIDER);
  });
});
