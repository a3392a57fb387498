import 'reflect-metadata';
import { exitOnConfigError, loadConfig, stopOnSignals } from '@overblik/platform';
import { apiConfigSchema } from './app/api.config';
import { createApiApp } from './app/api.app';

async function main(): Promise<void> {
  const config = loadConfig(apiConfigSchema);
  const app = await createApiApp(config);
  stopOnSignals(app, config.SHUTDOWN_GRACE_MS);
  await app.listen(config.API_PORT, config.API_HOST);
}

main().catch(exitOnConfigError);
