import { generateDevKeyPair, mintToken } from '@overblik/platform';
import { type AppProcess, startApp } from '@overblik/testing';
import { BENCH_CPR_HASH_KEY } from '../src/generator/bulk-load.cli';
import { generateCitizen } from '../src/generator/citizen.generator';

/** The bench database (README, "Synthetic data"). */
export const BENCH_DATABASE_URL =
  process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/overblik_bench';

export interface ProbeApi {
  api: AppProcess;
  /** POST /v1/overview of this API. */
  overviewUrl: string;
  /** An orchestration token and the JSON content type. */
  headers: Record<string, string>;
  /** Overview bodies of loaded citizens (their CPR numbers are re-made from the seed, never printed). */
  bodies: string[];
}

/**
 * The API on the bench database (README, "Synthetic data") for a probe: dev keys, the benchmark
 * client's abuse limits lifted, warn-level logs; `env` adds to or overrides its environment.
 */
export async function startProbeApi(o: {
  name: string;
  port: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** Citizens n·stride for n < citizens (seed 42). */
  citizens: number;
  stride: number;
}): Promise<ProbeApi> {
  const keys = await generateDevKeyPair(o.name);
  const api = await startApp(
    'api',
    {
      DATABASE_URL: BENCH_DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:6379',
      CPR_HASH_KEY: BENCH_CPR_HASH_KEY,
      ORCHESTRATION_JWKS: keys.jwks,
      VENDOR_JWKS: keys.jwks,
      API_PORT: String(o.port),
      QUEUE_PREFIX: o.name,
      OVERVIEW_RATE_LIMIT_PER_SECOND: '1000000',
      OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: '100000000',
      OVERVIEW_SLOWDOWN_MS: '0',
      ...o.env,
    },
    {
      logLevel: 'warn',
      readyUrl: `http://127.0.0.1:${o.port}/health/live`,
      timeoutMs: 90_000,
      nodeArgs: o.nodeArgs ?? [],
    },
  );
  const token = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-overview',
    subject: o.name,
    scope: 'overview:read',
    expiresIn: '1h',
  });
  return {
    api,
    overviewUrl: `http://127.0.0.1:${o.port}/v1/overview`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
    bodies: probeBodies(o.citizens, o.stride),
  };
}

/** Overview bodies of the loaded citizens n·stride for n < citizens (seed 42). */
export function probeBodies(citizens: number, stride: number): string[] {
  return Array.from({ length: citizens }, (_, i) => {
    const citizen = generateCitizen(i * stride, { seed: 42, dirtyShare: 0, asOf: '2026-11-01' });
    return JSON.stringify({ cpr: citizen.cpr, formaal: 'MIT_OVERBLIK', kommuner: [citizen.municipalityCvr] });
  });
}
