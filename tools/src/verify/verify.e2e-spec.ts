import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTRACT_CITIZEN, DELIVERY_PATTERNS, type RunResult } from '@overblik/compliance';
import {
  type RunningSimulator,
  SIMULATOR_FAGSYSTEM,
  SIMULATOR_VARIANTS,
  type SimulatorVariantName,
  startSimulator,
} from '../simulators/simulator';
import { verifyCommand } from './verify-command';

/**
 * The vendor verifier, end to end: the reference fagsystem simulator and every defective variant on
 * ephemeral ports, the verifier's command line against each, the reports it writes. The passing simulator
 * passes every pattern; each variant fails exactly the patterns its defect touches, naming only its rule.
 */

let outRoot: string;
beforeAll(async () => {
  outRoot = await mkdtemp(path.join(tmpdir(), 'overblik-verify-'));
});
afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
});

async function verify(variant: SimulatorVariantName, extra: string[] = []) {
  const sim: RunningSimulator = await startSimulator({ variant });
  const out = path.join(outRoot, variant);
  const stderr: string[] = [];
  try {
    const code = await verifyCommand(
      [
        '--base-url',
        sim.url,
        '--fagsystem',
        SIMULATOR_FAGSYSTEM,
        '--fagsystem-version',
        '2026.11',
        '--pilot',
        '29189846',
        '--out',
        out,
        ...extra,
      ],
      { stdout: () => undefined, stderr: (line) => stderr.push(line) },
    );
    const read = (name: string) => readFile(path.join(out, name), 'utf8');
    const run = JSON.parse(await read('run.json')) as RunResult;
    return { code, run, stderr, reports: await Promise.all(['report.md', 'report.html', 'junit.xml'].map(read)) };
  } finally {
    await sim.close();
  }
}

describe('the vendor verifier against the reference fagsystem simulator', () => {
  it('passes the passing simulator on every pattern, exit 0, with live progress and the reports', async () => {
    const started = Date.now();
    const { code, run, stderr, reports } = await verify('passing');
    expect(code).toBe(0);
    expect(run.passed).toBe(true);
    expect(run.interactions.map((i) => [i.id, i.outcome, i.findings])).toEqual(
      DELIVERY_PATTERNS.map((p) => [p.id, 'passed', []]),
    );
    expect(run.interactions.every((i) => i.deliveryHashes.length === 1)).toBe(true);
    expect(stderr.filter((l) => /^\[\s*\d+\/11\] PASS /.test(l))).toHaveLength(11);
    expect(reports[2]).toContain('failures="0"');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  const defective = (Object.keys(SIMULATOR_VARIANTS) as SimulatorVariantName[]).filter((v) => v !== 'passing');
  it.each(defective.map((v) => [v, SIMULATOR_VARIANTS[v].defect] as const))(
    'fails %s (%s) on exactly its patterns, naming only its rule, exit 1',
    async (variant) => {
      const expected = SIMULATOR_VARIANTS[variant];
      const { code, run, reports } = await verify(variant);
      expect(code).toBe(1);
      expect(run.passed).toBe(false);
      const failed = run.interactions.filter((i) => i.outcome === 'failed');
      expect(failed.map((i) => i.id).sort()).toEqual([...expected.patterns].sort());
      const rules = new Set(failed.flatMap((i) => i.findings.map((f) => f.rule)));
      expect([...rules].sort()).toEqual([...expected.rules].sort());
      for (const f of failed.flatMap((i) => i.findings)) expect(f.pointer).toMatch(/^\/items\/\d+\//);
      // the first finding of each failing pattern is in every report, with its rule and pointer
      for (const i of failed) {
        expect(reports[0]).toContain(`\`${i.findings[0]!.pointer}\``);
        expect(reports[2]).toContain(`message="${i.findings[0]!.rule} at ${i.findings[0]!.pointer}"`);
      }
      // no report holds the citizen's CPR number, in any writing
      for (const text of [...reports, JSON.stringify(run)])
        expect(text.replace(/\D/g, ' ')).not.toContain(CONTRACT_CITIZEN);
      for (const text of [...reports, JSON.stringify(run)])
        expect(text).not.toMatch(new RegExp(CONTRACT_CITIZEN.slice(0, 6)));
    },
  );

  it('finds the CPR number in every writing the safety net knows', async () => {
    const { run } = await verify('cpr-in-document-title');
    const findings = run.interactions.flatMap((i) => i.findings);
    expect(findings).toHaveLength(9);
    expect(findings.every((f) => f.rule === 'SAFETY-CPR' && f.value?.includes('DDMMYY-XXXX'))).toBe(true);
  });

  it('names the operation of a removal sent as an update', async () => {
    const { run } = await verify('removal-as-update');
    const removal = run.interactions.find((i) => i.id === 'object-removed')!;
    expect(removal.findings.map((f) => [f.pointer, f.message])).toEqual([
      ['/items/0/operation', `the contract's shape: expected "remove", got "update"`],
      ['/items/1/operation', `the contract's shape: expected "remove", got "update"`],
    ]);
  });

  it('verifies only the patterns asked for and skips the rest', async () => {
    const { code, run } = await verify('payment-without-grant', ['--patterns', 'initial-import,grant-with-plan']);
    expect(code).toBe(0);
    expect(run.interactions.filter((i) => i.outcome !== 'skipped').map((i) => i.id)).toEqual([
      'initial-import',
      'grant-with-plan',
    ]);
  });

  it('answers a usage error with exit 2', async () => {
    const stderr: string[] = [];
    const io = { stdout: () => undefined, stderr: (l: string) => stderr.push(l) };
    expect(await verifyCommand(['--fagsystem', 'x'], io)).toBe(2);
    expect(
      await verifyCommand(
        ['--base-url', 'http://127.0.0.1:9', '--fagsystem', 'x', '--fagsystem-version', '1', '--patterns', 'nope'],
        io,
      ),
    ).toBe(2);
    expect(
      await verifyCommand(
        [
          '--base-url',
          'http://127.0.0.1:9',
          '--fagsystem',
          'x',
          '--fagsystem-version',
          '1',
          '--contract-version',
          '9.9.9',
        ],
        io,
      ),
    ).toBe(2);
    expect(stderr.join('\n')).toMatch(/unknown pattern\(s\) nope/);
    expect(stderr.join('\n')).toMatch(/contract version 9\.9\.9 is not recorded/);
  });

  it('fails, naming the cause, when the provider does not answer', async () => {
    const sim = await startSimulator();
    const url = sim.url;
    await sim.close();
    const out = path.join(outRoot, 'unreachable');
    const code = await verifyCommand(
      ['--base-url', url, '--fagsystem', 'x', '--fagsystem-version', '1', '--patterns', 'retired-kle', '--out', out],
      { stdout: () => undefined, stderr: () => undefined },
    );
    const run = JSON.parse(await readFile(path.join(out, 'run.json'), 'utf8')) as RunResult;
    expect(code).toBe(1);
    expect(run.interactions.find((i) => i.id === 'retired-kle')!.findings.map((f) => f.rule)).toEqual([
      'VERIFY-PROVIDER-UNREACHABLE',
    ]);
  });
});
