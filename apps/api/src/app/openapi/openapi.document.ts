import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocument } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { API_OPENAPI } from '../api.app';
import { ApiModule } from '../api.module';

/**
 * The API's OpenAPI 3.1 document, generated from the controllers and the zod schemas without connecting
 * to anything (Nest's preview mode builds the module graph but instantiates no provider).
 */
export async function generateApiOpenApi(config: ApiConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return openApiDocument(app, API_OPENAPI);
  } finally {
    await app.close();
  }
}

/** Stable text for the checked-in copy (apps/api/openapi.json). */
export const openApiText = (doc: OpenAPIObject): string => `${JSON.stringify(doc, null, 2)}\n`;
