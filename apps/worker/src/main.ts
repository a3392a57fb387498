import 'reflect-metadata';
import { exitOnConfigError, loadConfig, stopOnSignals } from '@overblik/platform';
import { workerConfigSchema } from './app/worker.config';
import { createWorkerApp } from './app/worker.app';

async function main(): Promise<void> {
  const config = loadConfig(workerConfigSchema);
  const app = await createWorkerApp(config);
  stopOnSignals(app, config.SHUTDOWN_GRACE_MS);
  await app.listen(config.WORKER_PORT, config.WORKER_HOST);
}

main().catch(exitOnConfigError);
