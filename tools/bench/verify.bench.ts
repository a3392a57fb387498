/**
 * Vendor verification benchmark (not a test): a whole verification run (every pattern of the delivery
 * contract) against the passing reference simulator, `runs` times in this process, beside its floor: the
 * same number of plain HTTP POSTs of the same requests to the simulator, without any check. Then one cold
 * run of the command line as a vendor starts it (a new Node process, TypeScript compiled on load, reports
 * written), which is what the "under 30 s" promise is about.
 *   npm run bench:verify -- [runs=5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DELIVERY_PATTERNS, verifyProvider } from '@overblik/compliance';
import { SIMULATOR_FAGSYSTEM, startSimulator } from '../src/simulators/simulator';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const sim = await startSimulator();
  const requests = DELIVERY_PATTERNS.map((p) =>
    JSON.stringify({ description: p.description, providerStates: p.providerStates }),
  );
  const verifyMs: number[] = [];
  const floorMs: number[] = [];
  let passed = true;
  // the first run pays for loading and JIT; it is reported on its own
  let firstMs = 0;
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    for (const body of requests) {
      const r = await fetch(`${sim.url}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await r.text();
    }
    const t1 = performance.now();
    const run = await verifyProvider({ baseUrl: sim.url, fagsystem: { id: SIMULATOR_FAGSYSTEM, version: 'bench' } });
    const t2 = performance.now();
    passed &&= run.passed;
    if (i === 0) {
      firstMs = t2 - t1;
      continue;
    }
    floorMs.push(t1 - t0);
    verifyMs.push(t2 - t1);
  }

  const out = mkdtempSync(path.join(tmpdir(), 'overblik-verify-bench-'));
  const root = path.resolve(__dirname, '../..');
  const t3 = performance.now();
  // asynchronously: the simulator answers from this process meanwhile
  const cli = await new Promise<{ status: number | null }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-r',
        'tsconfig-paths/register',
        'tools/src/verify/verify.cli.ts',
        '--base-url',
        sim.url,
        '--fagsystem',
        SIMULATOR_FAGSYSTEM,
        '--fagsystem-version',
        'bench',
        '--out',
        out,
      ],
      { cwd: root, stdio: 'ignore' },
    );
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status }));
  });
  const cliMs = performance.now() - t3;
  rmSync(out, { recursive: true, force: true });
  await sim.close();

  const result = {
    benchmark: 'verify',
    patterns: DELIVERY_PATTERNS.length,
    runs,
    passed: passed && cli.status === 0,
    verifyRunMs: { median: round(median(verifyMs)), max: round(Math.max(...verifyMs)), first: round(firstMs) },
    floorMs: {
      median: round(median(floorMs)),
      max: round(Math.max(...floorMs)),
      what: `${requests.length} plain POSTs, no checks`,
    },
    ratioVerifyToFloor: round(median(verifyMs) / median(floorMs)),
    cliColdRunMs: round(cliMs),
    cliExitCode: cli.status,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      loadavg: loadavg().map(round),
      node: process.version,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!result.passed) process.exitCode = 1;
}

void main();
