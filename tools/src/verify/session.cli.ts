import { parseArgs } from 'node:util';
import { startSessionRun } from './session-run';

const USAGE = `usage: npm run verify:session -- --fagsystem <id> --fagsystem-version <v> --pilot <cvr> [--port 0] [--host 127.0.0.1] [--timeout 600] [--out <dir>]
  Starts a sandbox for the fagsystem's pilot municipality (scope sandbox) and prints its base URL and the
  session token once. Point your system at the base URL (POST /v1/deliveries, POST /v1/deliveries/stream,
  GET /v1/deliveries/{id}) and perform the scenarios listed; GET /session shows the progress as JSON.
  Ends when every scenario has passed, after --timeout seconds or on Ctrl+C; writes run.json and the
  signed evidence.json to --out (default .data/sessions/<session id>). Exit 0 passed, 1 failed, 2 usage.`;

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        fagsystem: { type: 'string' },
        'fagsystem-version': { type: 'string' },
        pilot: { type: 'string' },
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        timeout: { type: 'string', default: '600' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  if (values['help'] || !str('fagsystem') || !str('fagsystem-version') || !str('pilot')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let started;
  try {
    started = await startSessionRun({
      fagsystem: str('fagsystem')!,
      fagsystemVersion: str('fagsystem-version')!,
      pilot: str('pilot')!,
      port: Number(str('port')),
      host: str('host'),
      timeoutSeconds: Number(str('timeout')),
      outDir: str('out'),
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `sandbox session ${started.sessionId} for ${str('fagsystem')} ${str('fagsystem-version')}, pilot ${str('pilot')} (scope sandbox)`,
  );
  out(`base URL:  ${started.url}`);
  out(`token (shown once; Authorization: Bearer <token>):`);
  out(started.token);
  out(`progress:  GET ${started.url}/session`);
  out('scenarios:');
  for (const s of started.session.progress().scenarios) out(`  … ${s.id}: ${s.instruction}`);
  process.once('SIGINT', () => started.stop());
  process.once('SIGTERM', () => started.stop());
  const outcome = await started.done;
  return outcome.run.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
