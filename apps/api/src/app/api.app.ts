import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFastHttpApp } from '@overblik/platform';
import type { ApiConfig } from './api.config';
import { ApiModule } from './api.module';
import { completeApiDocument } from './openapi/api-contract';

export const API_OPENAPI = {
  title: 'Overblik API',
  description:
    "Overview of a citizen's municipal cases and benefits for the national orchestration layer, and the index delivery intake for vendors' fagsystems.",
  bodyLimitBytes: 10 * 1024 * 1024,
  completeDocument: completeApiDocument,
};

/** The API runs on Fastify (its per-request cost is most of an overview call's; docs/performance.md). */
export function createApiApp(config: ApiConfig): Promise<NestFastifyApplication> {
  return createFastHttpApp(ApiModule.forRoot(config), API_OPENAPI);
}
