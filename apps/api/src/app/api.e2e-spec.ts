import { describeAppBoot } from '@overblik/testing';
import { loadConfig } from '@overblik/platform';
import { createApiApp } from './api.app';
import { apiConfigSchema } from './api.config';

describeAppBoot({
  app: 'api',
  portVariable: 'API_PORT',
  create: (env) => createApiApp(loadConfig(apiConfigSchema, env)),
});
