import 'reflect-metadata';
import cluster from 'node:cluster';
import { exitOnConfigError, loadConfig, stopOnSignals } from '@overblik/platform';
import { apiConfigSchema } from './app/api.config';
import { createApiApp } from './app/api.app';

/**
 * With API_WORKERS > 1 this process forks that many workers that share the port (node:cluster), restarts
 * a worker that dies, and on SIGTERM/SIGINT stops them all gracefully.
 */
function runPrimary(workers: number, graceMs: number): void {
  let stopping = false;
  const fork = (): void => {
    cluster.fork();
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`api worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
    setTimeout(fork, 500);
  });
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), graceMs + 1000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function main(): Promise<void> {
  const config = loadConfig(apiConfigSchema);
  if (config.API_WORKERS > 1 && cluster.isPrimary) {
    runPrimary(config.API_WORKERS, config.SHUTDOWN_GRACE_MS);
    return;
  }
  const app = await createApiApp(config);
  stopOnSignals(app, config.SHUTDOWN_GRACE_MS);
  await app.listen(config.API_PORT, config.API_HOST);
}

main().catch(exitOnConfigError);
