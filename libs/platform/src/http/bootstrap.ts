import type { IncomingMessage } from 'node:http';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConfigError } from '../config/config';
import { requestIdFor } from '../logging/logging.module';
import { cprInUrlProblem, refuseCprInQuery } from './cpr-in-url';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter } from './problem-details';

export interface HttpAppOptions {
  title: string;
  description: string;
  version?: string;
  /** JSON body limit, e.g. '5mb'. */
  bodyLimit?: string;
  configure?: (app: NestExpressApplication) => void;
}

export interface FastAppOptions extends Omit<HttpAppOptions, 'bodyLimit' | 'configure'> {
  /** Largest body in bytes. */
  bodyLimitBytes: number;
}

/**
 * The same app on Fastify, for a service whose per-request cost matters (the overview API): about a
 * third of Express's CPU per request here (docs/performance.md). JSON bodies are parsed by Fastify;
 * any other content type reaches the handler unparsed (body undefined, the request stream unread), so
 * a handler checks the type itself and a streaming route reads `req.raw`. Errors before the handler
 * (invalid JSON, too large) are answered as problem+json like every other error.
 */
export async function createFastHttpApp(
  module: Type<unknown> | DynamicModule,
  options: FastAppOptions,
): Promise<NestFastifyApplication> {
  // Fastify's request id is ours (the caller's x-request-id when well-formed), on every request, a 404
  // included: pino-http, mounted as middleware, runs only for routes and reuses the id it finds
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes,
    logger: false,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => requestIdFor(req.headers['x-request-id']),
  });
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  fastify.addHook('onRequest', (req, reply, done) => {
    (req.raw as { id?: string }).id = req.id;
    void reply.header('x-request-id', req.id);
    // a CPR number in the query string is refused before any route, for every path (CPR-IN-URL)
    const refused = cprInUrlProblem(req.url, req.id);
    if (!refused) return done();
    void reply.code(400).header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`).send(JSON.stringify(refused));
  });
  // errors before a handler (invalid JSON, too large) reach Nest's error handler, so the
  // ProblemDetailsFilter answers them (problemOfBodyError)
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return withProblemsAndDocs(app, options);
}

/** What every HTTP app gets, on either adapter: problem+json for every error, OpenAPI at /openapi.json and /docs. */
function withProblemsAndDocs<A extends INestApplication>(app: A, options: HttpAppOptions | FastAppOptions): A {
  app.useGlobalFilters(new ProblemDetailsFilter());
  SwaggerModule.setup('docs', app, openApiDocument(app, options), { jsonDocumentUrl: 'openapi.json' });
  return app;
}

export function openApiDocument(
  app: INestApplication,
  options: Pick<HttpAppOptions, 'title' | 'description' | 'version'>,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '1.0.0')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Build a configured HTTP app (logs, problem+json, OpenAPI at /openapi.json and /docs, a CPR number in the
 * query string refused) without listening.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  // a CPR number in the query string is refused before any route, for every path (CPR-IN-URL)
  app.use(refuseCprInQuery);
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb', type: ['application/json', 'application/*+json'] });
  app.disable('x-powered-by');
  app.set('etag', false);
  options.configure?.(app);
  return withProblemsAndDocs(app, options);
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
