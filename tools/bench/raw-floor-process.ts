import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The raw HTTP floor (raw-http-floor.ts) as its own process on `port`; resolves when it listens.
 * `nodeArgs` go before the script (e.g. `--trace-gc`); its stdout is kept in `output()`.
 */
export async function startRawFloor(o: {
  port: number;
  env: Record<string, string>;
  nodeArgs?: string[];
}): Promise<{ child: ChildProcess; output(): string }> {
  const child = spawn(
    process.execPath,
    [
      ...(o.nodeArgs ?? []),
      '-r',
      '@swc-node/register',
      '-r',
      'tsconfig-paths/register',
      path.join(__dirname, 'raw-http-floor.ts'),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...o.env, RAW_FLOOR_PORT: String(o.port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the raw HTTP floor did not start within 60 s')), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      // look for the start line only until it came (the output grows with --trace-gc during a probe)
      if (!ready && out.includes('ready')) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the raw HTTP floor exited with ${code}`)));
  });
  return { child, output: () => out };
}
