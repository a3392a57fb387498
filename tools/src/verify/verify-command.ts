import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  describeFinding,
  renderHtml,
  renderJunit,
  renderMarkdown,
  type RunResult,
  verifyProvider,
  VerifyUsageError,
} from '@overblik/compliance';

export const USAGE = `Usage: npm run verify:vendor -- --base-url <url> --fagsystem <id> --fagsystem-version <version> [options]

Verifies a fagsystem's deliveries against the delivery contract through the HTTP provider it exposes
(POST <base-url>/messages with {description, providerStates}; answer the delivery as JSON).

  --base-url <url>            where the provider answers (required)
  --path <path>               the path below the base URL (default /messages)
  --auth-header "<Name: value>"  a header sent with every request (e.g. "Authorization: Bearer …")
  --fagsystem <id>            the fagsystem's id: itSystem.master and afsender of every object (required)
  --fagsystem-version <v>     the version being certified (required)
  --pilot <cvr>               the pilot municipality's CVR (default 29189846, the contract's Testby Kommune)
  --contract-version <v>      the contract version (default: the current one)
  --patterns a,b              only these patterns (default: all)
  --out <dir>                 where report.md, report.html, junit.xml and run.json go (default verify-report)
  --timeout <ms>              per request (default 10000)

Exit code: 0 every pattern passed, 1 a pattern failed, 2 the command was used wrongly.`;

export interface CommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

const processIo: CommandIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** Writes the run's reports into `dir`; the paths written. */
export async function writeReports(run: RunResult, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['report.md', renderMarkdown(run)],
    ['report.html', renderHtml(run)],
    ['junit.xml', renderJunit(run)],
    ['run.json', `${JSON.stringify(run, null, 2)}\n`],
  ];
  await Promise.all(files.map(([name, text]) => writeFile(path.join(dir, name), text)));
  return files.map(([name]) => path.join(dir, name));
}

/** The verifier's command line: exit 0 on pass, 1 on failure, 2 on a usage error. */
export async function verifyCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'base-url': { type: 'string' },
        path: { type: 'string' },
        'auth-header': { type: 'string' },
        fagsystem: { type: 'string' },
        'fagsystem-version': { type: 'string' },
        pilot: { type: 'string' },
        'contract-version': { type: 'string' },
        patterns: { type: 'string' },
        out: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values['help']) {
    io.stdout(USAGE);
    return 0;
  }
  const missing = ['base-url', 'fagsystem', 'fagsystem-version'].filter((k) => !values[k]);
  if (missing.length) {
    io.stderr(`missing ${missing.map((k) => `--${k}`).join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const baseUrl = values['base-url'] as string;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    io.stderr(`--base-url ${baseUrl} is not an http(s) URL`);
    return 2;
  }
  const authHeader = values['auth-header'] as string | undefined;
  if (authHeader !== undefined && !/^[A-Za-z0-9-]+\s*:/.test(authHeader)) {
    io.stderr('--auth-header must look like "Name: value"');
    return 2;
  }
  const timeout = values['timeout'] === undefined ? 10_000 : Number(values['timeout']);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    io.stderr('--timeout must be a whole number of milliseconds');
    return 2;
  }
  const out = (values['out'] as string | undefined) ?? 'verify-report';
  const fagsystem = { id: values['fagsystem'] as string, version: values['fagsystem-version'] as string };
  io.stderr(`overblik-verify: ${fagsystem.id} ${fagsystem.version} against ${baseUrl}`);
  let run: RunResult;
  try {
    run = await verifyProvider({
      baseUrl,
      ...(values['path'] ? { path: values['path'] as string } : {}),
      ...(authHeader ? { authHeader } : {}),
      fagsystem,
      ...(values['pilot'] ? { pilotMunicipality: values['pilot'] as string } : {}),
      ...(values['contract-version'] ? { contractVersion: values['contract-version'] as string } : {}),
      ...(values['patterns']
        ? {
            patterns: (values['patterns'] as string)
              .split(',')
              .map((p) => p.trim())
              .filter(Boolean),
          }
        : {}),
      timeoutMs: timeout,
      onProgress: ({ index, total, result }) => {
        const mark = result.outcome === 'passed' ? 'PASS' : 'FAIL';
        io.stderr(
          `[${String(index).padStart(String(total).length)}/${total}] ${mark} ${result.id} (${Math.round(result.durationMs)} ms)`,
        );
        for (const f of result.findings.slice(0, 5)) io.stderr(`        ${describeFinding(f)}`);
        if (result.findings.length > 5) io.stderr(`        … and ${result.findings.length - 5} more (see the report)`);
      },
    });
  } catch (error) {
    if (error instanceof VerifyUsageError) {
      io.stderr(error.message);
      return 2;
    }
    throw error;
  }
  const written = await writeReports(run, out);
  const failed = run.interactions.filter((i) => i.outcome === 'failed').length;
  const seconds = ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(2);
  io.stderr(
    run.passed ? `PASSED: every pattern passed in ${seconds} s` : `FAILED: ${failed} pattern(s) failed in ${seconds} s`,
  );
  io.stdout(written.join('\n'));
  return run.passed ? 0 : 1;
}
