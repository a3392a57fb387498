import 'reflect-metadata';
import { exitOnConfigError, loadConfig } from '@overblik/platform';
import { adminConfigSchema } from './app/admin.config';
import { createAdminApp } from './app/admin.app';

async function main(): Promise<void> {
  const config = loadConfig(adminConfigSchema);
  const app = await createAdminApp(config);
  await app.listen(config.ADMIN_PORT, config.ADMIN_HOST);
}

main().catch(exitOnConfigError);
