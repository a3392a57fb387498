import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHttpApp } from '@overblik/platform';
import type { ApiConfig } from './api.config';
import { ApiModule } from './api.module';

export const API_OPENAPI = {
  title: 'Overblik API',
  description:
    'Overview of a citizen\'s municipal cases and benefits for the national orchestration layer, and the index delivery intake for vendors\' fagsystems.',
  bodyLimit: '10mb',
};

export function createApiApp(config: ApiConfig): Promise<NestExpressApplication> {
  return createHttpApp(ApiModule.forRoot(config), API_OPENAPI);
}
