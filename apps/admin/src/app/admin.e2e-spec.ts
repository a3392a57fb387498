import { describeAppBoot } from '@overblik/testing';
import { loadConfig } from '@overblik/platform';
import { createAdminApp } from './admin.app';
import { adminConfigSchema } from './admin.config';

describeAppBoot({
  app: 'admin',
  portVariable: 'ADMIN_PORT',
  create: (env) => createAdminApp(loadConfig(adminConfigSchema, env)),
});
