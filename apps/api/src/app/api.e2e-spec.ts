import { describeAppBoot } from '@overblik/testing';
import { generateDevKeyPair } from '@overblik/platform';
import { loadConfig } from '@overblik/platform';
import { createApiApp } from './api.app';
import { apiConfigSchema } from './api.config';

describeAppBoot({
  app: 'api',
  portVariable: 'API_PORT',
  extraEnv: async () => {
    const { jwks } = await generateDevKeyPair('boot-test');
    return { VENDOR_JWKS: jwks, ORCHESTRATION_JWKS: jwks };
  },
  create: (env) => createApiApp(loadConfig(apiConfigSchema, env)),
  jsonPath: '/v1/overview',
});
