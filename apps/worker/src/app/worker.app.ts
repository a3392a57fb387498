import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHttpApp } from '@overblik/platform';
import type { WorkerConfig } from './worker.config';
import { WorkerModule } from './worker.module';

export const WORKER_OPENAPI = {
  title: 'Overblik worker',
  description: 'Ingestion worker: health and metrics only.',
  bodyLimit: '100kb',
};

export function createWorkerApp(config: WorkerConfig): Promise<NestExpressApplication> {
  return createHttpApp(WorkerModule.forRoot(config), WORKER_OPENAPI);
}
