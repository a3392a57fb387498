import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'node:net';

const ROOT = path.resolve(__dirname, '../../..');

export interface AppProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash), and wait for the exit. */
  kill(): Promise<void>;
}

export interface StartAppOptions {
  timeoutMs?: number;
  /** Node flags before the script, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** LOG_LEVEL of the app (default info, so the start line can be seen). */
  logLevel?: string;
  /** Wait until this URL answers 2xx instead of for Nest's start line (needed below level info). */
  readyUrl?: string;
}

/** Start apps/<app>/src/main.ts as its own process and wait until Nest says it started (or `readyUrl` answers). */
export async function startApp(
  app: string,
  env: Record<string, string>,
  options: StartAppOptions = {},
): Promise<AppProcess> {
  const { timeoutMs = 60_000, nodeArgs = [], logLevel = 'info', readyUrl } = options;
  const child = spawn(
    process.execPath,
    [...nodeArgs, '-r', '@swc-node/register', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env, LOG_LEVEL: logLevel },
    },
  );
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let poll: NodeJS.Timeout | undefined;
    const done = (error?: Error): void => {
      clearTimeout(timer);
      clearTimeout(poll);
      if (!error) return resolve();
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(() => done(new Error(`${app} did not start: ${out.slice(-2000)}`)), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!readyUrl && out.includes('Nest application successfully started')) done();
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => done(new Error(`${app} exited with ${code}: ${out.slice(-2000)}`)));
    if (readyUrl) {
      const check = (): void => {
        fetch(readyUrl)
          .then(
            (res) => (res.ok ? done() : undefined),
            () => undefined,
          )
          .finally(() => {
            if (child.exitCode === null) poll = setTimeout(check, 250);
          });
      };
      check();
    }
  });
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A TCP port on 127.0.0.1 that is free right now (for an app started as its own process). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}
