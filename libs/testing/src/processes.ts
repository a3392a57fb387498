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

/** Start apps/<app>/src/main.ts as its own process and wait until Nest says it started. */
export async function startApp(app: string, env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env, LOG_LEVEL: 'info' },
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} did not start: ${out.slice(-2000)}`)), timeoutMs);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes('Nest application successfully started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code}: ${out.slice(-2000)}`));
    });
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
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
