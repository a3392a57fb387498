/**
 * API CPU per request for several routes (the framework's floor beside the overview call), read from
 * /proc for the API process. Needs the bench database (README, "Synthetic data"); extra KEY=VALUE
 * arguments go to the API's environment, e.g. `OVERVIEW_ANSWER_STORE=false`.
 *   node -r @swc-node/register -r tsconfig-paths/register tools/bench/layers.probe.ts
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { generateDevKeyPair, mintToken } from '@overblik/platform';
import { startApp } from '@overblik/testing';
import { BENCH_CPR_HASH_KEY } from '../src/generator/bulk-load.cli';
import { generateCitizen } from '../src/generator/citizen.generator';

const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
async function main() {
  const keys = await generateDevKeyPair('probe');
  const port = 3911;
  const api = await startApp('api', { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/overblik_bench', REDIS_URL: 'redis://127.0.0.1:6379', CPR_HASH_KEY: BENCH_CPR_HASH_KEY, ORCHESTRATION_JWKS: keys.jwks, VENDOR_JWKS: keys.jwks, API_PORT: String(port), QUEUE_PREFIX: 'probe', OVERVIEW_RATE_LIMIT_PER_SECOND: '1000000', OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: '100000000', OVERVIEW_SLOWDOWN_MS: '0', ...Object.fromEntries((process.argv.slice(2)).map((kv) => kv.split('='))) }, { logLevel: 'warn', readyUrl: `http://127.0.0.1:${port}/health/live`, timeoutMs: 60000 });
  const token = await mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience: 'overblik-overview', subject: 'probe', scope: 'overview:read', expiresIn: '1h' });
  const bodies = Array.from({ length: 2000 }, (_, i) => {
    const citizen = generateCitizen(i * 37, { seed: 42, dirtyShare: 0, asOf: '2026-11-01' });
    return JSON.stringify({ cpr: citizen.cpr, formaal: 'MIT_OVERBLIK', kommuner: [citizen.municipalityCvr] });
  });
  const runs: Array<[string, autocannon.Options]> = [
    ['GET /health/live', { url: `http://127.0.0.1:${port}/health/live` }],
    ['POST overview no token (401)', { url: `http://127.0.0.1:${port}/v1/overview`, method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] }],
    ['POST overview bad cpr (422)', { url: `http://127.0.0.1:${port}/v1/overview`, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"cpr":"0000000000","formaal":"MIT_OVERBLIK"}' }],
    ['POST overview', { url: `http://127.0.0.1:${port}/v1/overview`, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, body: bodies[(Math.random() * bodies.length) | 0] }) }] }],
  ];
  try {
    await autocannon({ ...runs[3]![1], connections: 8, duration: 4 } as autocannon.Options);
    for (const [name, o] of runs) {
      const c0 = cpu(api.child.pid!);
      const r = await autocannon({ ...o, connections: 32, duration: 8 } as autocannon.Options);
      const c1 = cpu(api.child.pid!);
      console.log(name, Math.round(r.requests.average), 'req/s', 'api ms/req', ((c1 - c0) / r.requests.total).toFixed(3), 'status', r['2xx'], r.non2xx);
    }
  } finally { await api.stop(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
