import { describeAppBoot } from '@overblik/testing';
import { generateDevKeyPair } from '@overblik/platform';
import { loadConfig } from '@overblik/platform';
import { createApiApp } from './api.app';
import { apiConfigSchema } from './api.config';

describeAppBoot({
  app: 'api',
  portVariable: 'API_PORT',
  extraEnv: async () => ({ VENDOR_JWKS: (await generateDevKeyPair('boot-test')).jwks }),
  create: (env) => createApiApp(loadConfig(apiConfigSchema, env)),
});
