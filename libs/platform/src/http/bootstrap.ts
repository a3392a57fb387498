import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConfigError } from '../config/config';
import { ProblemDetailsFilter } from './problem-details';

export interface HttpAppOptions {
  title: string;
  description: string;
  version?: string;
  /** JSON body limit, e.g. '5mb'. */
  bodyLimit?: string;
  configure?: (app: NestExpressApplication) => void;
}

export function openApiDocument(app: INestApplication, options: HttpAppOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '1.0.0')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Build a configured HTTP app (logs, problem+json, OpenAPI at /openapi.json and /docs) without listening. */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb', type: ['application/json', 'application/*+json'] });
  app.disable('x-powered-by');
  app.set('etag', false);
  app.useGlobalFilters(new ProblemDetailsFilter());
  options.configure?.(app);
  const document = openApiDocument(app, options);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  return app;
}

/** Print a configuration error with the variable names and exit; anything else is rethrown. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

/**
 * Close the app on SIGTERM/SIGINT (stop accepting, finish in-flight work, close pools) and exit 0;
 * exit 1 if closing takes longer than the grace period.
 */
export function stopOnSignals(app: INestApplication, graceMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      process.stderr.write(`shutdown after ${signal} took longer than ${graceMs} ms: exiting\n`);
      process.exit(1);
    }, graceMs);
    force.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
