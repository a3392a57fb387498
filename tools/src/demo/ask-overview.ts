import { parseArgs } from 'node:util';
import { mintToken } from '@overblik/platform';
import { loadOrCreateDevKeys } from '../auth/mint-token';
import { DEFAULT_AS_OF, generateCitizen } from '../generator/citizen.generator';
import { DEMO_SCOPE, NATIONAL_MUNICIPALITIES } from '../generator/national-reference';

const USAGE = `usage: npm run -s demo:overview -- [--index 0] [--seed 42] [--scope demo|national] [--api http://127.0.0.1:3000] [--access-log]
Asks the running api for the overview of generated citizen number <index> (the one
\`npm run generate -- --seed <seed> --scope <scope> --post …\` delivered) and prints the answer.
The citizen's CPR number is made in memory and goes only into the request body: it is never printed.
--access-log asks instead who has looked at that citizen's data (with a citizen assertion).`;

/** Try the overview API as the orchestration layer would, for a generated (synthetic) citizen. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      index: { type: 'string', default: '0' },
      seed: { type: 'string', default: '42' },
      scope: { type: 'string', default: 'demo' },
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      'access-log': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const index = Number(values.index);
  const seed = Number(values.seed);
  if (
    values.help ||
    !Number.isInteger(index) ||
    index < 0 ||
    !Number.isInteger(seed) ||
    (values.scope !== 'demo' && values.scope !== 'national')
  ) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const citizen = generateCitizen(index, {
    seed,
    dirtyShare: 0,
    asOf: DEFAULT_AS_OF,
    municipalities: values.scope === 'demo' ? DEMO_SCOPE : NATIONAL_MUNICIPALITIES,
  });
  const keys = await loadOrCreateDevKeys();
  const client = 'demo-orchestration';
  const token = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: 'overblik-overview',
    subject: client,
    scope: 'overview:read',
    expiresIn: '5m',
  });
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let path = '/v1/overview';
  let body: unknown = { cpr: citizen.cpr, formaal: 'MIT_OVERBLIK', kommuner: [citizen.municipalityCvr] };
  if (values['access-log']) {
    path = '/v1/access-log';
    body = { cpr: citizen.cpr };
    headers['x-citizen-assertion'] = await mintToken({
      privateJwk: keys.privateJwk,
      issuer: 'overblik-dev-login',
      audience: 'overblik-overview',
      subject: 'demo-login',
      scope: 'citizen',
      claims: { cpr: citizen.cpr, azp: client },
      expiresIn: '5m',
    });
  }
  const res = await fetch(`${values.api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  process.stderr.write(
    `${res.status} ${res.headers.get('content-type') ?? ''} (citizen ${index} of seed ${seed}, lives in ${citizen.municipalityCvr})\n`,
  );
  const text = await res.text();
  try {
    process.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  } catch {
    process.stdout.write(`${text}\n`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
