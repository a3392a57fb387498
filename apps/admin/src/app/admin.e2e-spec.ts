import { describeAppBoot } from '@overblik/testing';
import { generateDevKeyPair } from '@overblik/platform';
import { loadConfig } from '@overblik/platform';
import { createAdminApp } from './admin.app';
import { adminConfigSchema } from './admin.config';

describeAppBoot({
  app: 'admin',
  portVariable: 'ADMIN_PORT',
  // the front page; a person who is not logged in is sent to the login
  home: '/log-ind',
  extraEnv: async () => ({ ADMIN_JWKS: (await generateDevKeyPair('boot-test')).jwks }),
  create: (env) => createAdminApp(loadConfig(adminConfigSchema, env)),
});
