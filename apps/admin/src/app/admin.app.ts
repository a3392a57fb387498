import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHttpApp } from '@overblik/platform';
import type { AdminConfig } from './admin.config';
import { AdminModule } from './admin.module';
import { installWeb } from './auth/session';

export const ADMIN_OPENAPI = {
  title: 'Overblik administration',
  description: 'Municipal display configuration, safety-net review, operator rollout and vendor certification.',
  bodyLimit: '1mb',
};

export function createAdminApp(config: AdminConfig): Promise<NestExpressApplication> {
  return createHttpApp(AdminModule.forRoot(config), {
    ...ADMIN_OPENAPI,
    home: false,
    configure: (app) => installWeb(app, config),
  });
}
