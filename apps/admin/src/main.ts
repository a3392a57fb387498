import 'reflect-metadata';
import { exitOnConfigError, loadConfig, stopOnSignals } from '@overblik/platform';
import { adminConfigSchema } from './app/admin.config';
import { createAdminApp } from './app/admin.app';

async function main(): Promise<void> {
  const config = loadConfig(adminConfigSchema);
  const app = await createAdminApp(config);
  stopOnSignals(app, config.SHUTDOWN_GRACE_MS);
  await app.listen(config.ADMIN_PORT, config.ADMIN_HOST);
}

main().catch(exitOnConfigError);
