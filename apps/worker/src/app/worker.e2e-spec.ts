import { describeAppBoot } from '@overblik/testing';
import { loadConfig } from '@overblik/platform';
import { createWorkerApp } from './worker.app';
import { workerConfigSchema } from './worker.config';

describeAppBoot({
  app: 'worker',
  portVariable: 'WORKER_PORT',
  create: (env) => createWorkerApp(loadConfig(workerConfigSchema, env)),
});
