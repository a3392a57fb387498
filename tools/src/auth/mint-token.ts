import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateDevKeyPair, mintToken, type DevKeyPair } from '@overblik/platform';

/** Development keys live in the git-ignored .data/dev-keys.json; production uses a JWKS URL. */
export const DEV_KEYS_FILE = path.resolve(__dirname, '../../../.data/dev-keys.json');

export async function loadOrCreateDevKeys(file = DEV_KEYS_FILE): Promise<DevKeyPair> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKeyPair;
  const keys = await generateDevKeyPair('overblik-dev-1');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

const USAGE = `usage: npm run token -- vendor <fagsystem-id> | orchestration <client-id> | citizen <client-id> --cpr-file <file> | admin <user> (--cvr <cvr> | --role OPERATOR|AUDITOR) [--ttl 1h] [--jwks]
  vendor         a delivery token (scope delivery:write) for a fagsystem, e.g. fs-jobnet
  orchestration  an overview token (scope overview:read) for the orchestration layer
  citizen        a signed citizen assertion (X-Citizen-Assertion) issued to an orchestration client; the
                 CPR number is read from a file (never from the command line, which lands in shell history)
  admin          an administration token (scope admin held:release): a municipal administrator of one
                 municipality (--cvr), or with --role OPERATOR or AUDITOR (no cvr) for all municipalities
  --jwks         print the public JWKS (what VENDOR_JWKS / ORCHESTRATION_JWKS hold) instead`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const keys = await loadOrCreateDevKeys();
  if (args.includes('--jwks')) {
    process.stdout.write(`${keys.jwks}\n`);
    return;
  }
  const [kind, subject] = args;
  const ttlAt = args.indexOf('--ttl');
  const ttl = ttlAt >= 0 ? args[ttlAt + 1] : '1h';
  const cvrAt = args.indexOf('--cvr');
  const cvr = cvrAt >= 0 ? args[cvrAt + 1] : undefined;
  const roleAt = args.indexOf('--role');
  const role = roleAt >= 0 ? args[roleAt + 1] : 'MUNICIPAL_ADMIN';
  const adminOk =
    (role === 'MUNICIPAL_ADMIN' && cvr !== undefined) || ((role === 'OPERATOR' || role === 'AUDITOR') && !cvr);
  const cprFileAt = args.indexOf('--cpr-file');
  const cprFile = cprFileAt >= 0 ? args[cprFileAt + 1] : undefined;
  const kinds = ['vendor', 'orchestration', 'admin', 'citizen'];
  if (!kinds.includes(kind ?? '') || !subject || (kind === 'admin' && !adminOk) || (kind === 'citizen' && !cprFile)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  if (kind === 'citizen') {
    const cpr = readFileSync(cprFile!, 'utf8').trim();
    const assertion = await mintToken({
      privateJwk: keys.privateJwk,
      issuer: 'overblik-dev-login',
      audience: 'overblik-overview',
      subject: 'dev-login-session',
      scope: 'citizen',
      claims: { cpr, azp: subject },
      expiresIn: ttl === '1h' ? '5m' : ttl,
    });
    process.stdout.write(`${assertion}\n`);
    return;
  }
  const token = await mintToken({
    privateJwk: keys.privateJwk,
    issuer: 'overblik-dev',
    audience: { vendor: 'overblik-delivery', orchestration: 'overblik-overview', admin: 'overblik-admin' }[
      kind as 'vendor' | 'orchestration' | 'admin'
    ],
    subject,
    scope: { vendor: 'delivery:write', orchestration: 'overview:read', admin: 'admin held:release' }[
      kind as 'vendor' | 'orchestration' | 'admin'
    ],
    ...(kind === 'admin' ? { claims: cvr ? { role, cvr } : { role } } : cvr ? { claims: { cvr } } : {}),
    expiresIn: ttl,
  });
  process.stdout.write(`${token}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
