/**
 * API CPU per request for several routes (the framework's floor beside the overview call), read from
 * /proc for the API process. Needs the bench database (README, "Synthetic data"); extra KEY=VALUE
 * arguments go to the API's environment, e.g. `OVERVIEW_ANSWER_STORE=false`.
 *   node -r @swc-node/register -r tsconfig-paths/register tools/bench/layers.probe.ts
 */
import autocannon from 'autocannon';
import { processCpuMs } from './proc-stats';
import { startProbeApi } from './probe-api';

async function main() {
  const port = 3911;
  const { api, overviewUrl, headers, bodies } = await startProbeApi({
    name: 'probe',
    port,
    citizens: 2000,
    stride: 37,
    env: Object.fromEntries(process.argv.slice(2).map((kv) => kv.split('='))),
  });
  const runs: Array<[string, autocannon.Options]> = [
    ['GET /health/live', { url: `http://127.0.0.1:${port}/health/live` }],
    [
      'POST overview no token (401)',
      { url: overviewUrl, method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] },
    ],
    [
      'POST overview bad cpr (422)',
      { url: overviewUrl, method: 'POST', headers, body: '{"cpr":"0000000000","formaal":"MIT_OVERBLIK"}' },
    ],
    [
      'POST overview',
      {
        url: overviewUrl,
        method: 'POST',
        headers,
        requests: [
          { setupRequest: (r: autocannon.Request) => ({ ...r, body: bodies[(Math.random() * bodies.length) | 0] }) },
        ],
      },
    ],
  ];
  try {
    await autocannon({ ...runs[3]![1], connections: 8, duration: 4 } as autocannon.Options);
    for (const [name, o] of runs) {
      const c0 = processCpuMs(api.child.pid);
      const r = await autocannon({ ...o, connections: 32, duration: 8 } as autocannon.Options);
      const c1 = processCpuMs(api.child.pid);
      console.log(
        name,
        Math.round(r.requests.average),
        'req/s',
        'api ms/req',
        ((c1 - c0) / r.requests.total).toFixed(3),
        'status',
        r['2xx'],
        r.non2xx,
      );
    }
  } finally {
    await api.stop();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
