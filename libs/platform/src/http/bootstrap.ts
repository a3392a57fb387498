import type { IncomingMessage } from 'node:http';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConfigError } from '../config/config';
import { requestIdFor } from '../logging/logging.module';
import { cprInUrlProblem, refuseCprInQuery } from './cpr-in-url';
import { answerClientError } from './client-error';
import {
  problemOfBodyError,
  ProblemDetailsFilter,
  requestProblem,
  requestRuleOfError,
  ruleOfProblem,
} from './problem-details';
import { jsonNestingExceeds, MAX_JSON_DEPTH, PROBLEM_CONTENT_TYPE } from './request-rules';

export interface HttpAppOptions {
  title: string;
  description: string;
  version?: string;
  /** What the app adds to the document generated from its controllers (schemas, statuses, headers). */
  completeDocument?: (document: OpenAPIObject) => OpenAPIObject;
  /** Where `/` sends a person (302); default `/docs`; false: the app answers `/` itself. */
  home?: string | false;
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
 * (headers too large, invalid or too deep JSON, too large, a path that does not decode) are answered as
 * problem+json with their request rule like every other error.
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
    // a path parameter may be longer than Fastify's 100 characters (an Idempotency-Key has up to 128), so
    // the route's own rule refuses what is too long
    routerOptions: { maxParamLength: 512 },
    // what Node's HTTP parser refuses (headers too large, not HTTP) never reaches a route
    clientErrorHandler: answerClientError,
    // the router's own refusals (a path that is not percent-encoded, a path segment too long)
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const body = problemOfBodyError(error, req.id);
      void reply
        .code(body.status)
        .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
        .send(JSON.stringify({ ...body, rule: ruleOfProblem(body) }));
    },
  });
  const fastify = adapter.getInstance();
  // JSON is parsed here (Nest's own parser is off): nesting deeper than MAX_JSON_DEPTH is refused before
  // JSON.parse, so nothing recursive meets it later
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (!identityEncoded(req.headers['content-encoding'])) {
      done(requestProblem('HTTP-CONTENT-ENCODING', { message: 'Send the body without a Content-Encoding' }), undefined);
      return;
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonNestingExceeds(text)) {
      done(
        requestProblem('HTTP-JSON-TOO-DEEP', { message: `arrays and objects nest at most ${MAX_JSON_DEPTH} deep` }),
        undefined,
      );
      return;
    }
    // our problem, not Fastify's error: Nest would map that to a bare HttpException and lose the rule
    parseJson(req, text, (error, value) =>
      error ? done(requestProblem(requestRuleOfError(error) ?? 'HTTP-JSON-MALFORMED'), undefined) : done(null, value),
    );
  });
  fastify.addContentTypeParser('*', (req, _payload, done) =>
    identityEncoded(req.headers['content-encoding'])
      ? done(null, undefined)
      : done(
          requestProblem('HTTP-CONTENT-ENCODING', { message: 'Send the body without a Content-Encoding' }),
          undefined,
        ),
  );
  fastify.addHook('onRequest', (req, reply, done) => {
    (req.raw as { id?: string }).id = req.id;
    void reply.header('x-request-id', req.id);
    // a CPR number in the query string is refused before any route, for every path (CPR-IN-URL)
    const refused = cprInUrlProblem(req.url, req.id);
    if (!refused) return done();
    void reply.code(400).header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`).send(JSON.stringify(refused));
  });
  // other errors before a handler (too large, a bad content length) reach Nest's error handler as
  // HttpExceptions, which the ProblemDetailsFilter answers by status
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  return withProblemsAndDocs(app, options);
}

/**
 * What every HTTP app gets, on either adapter: problem+json for every error, OpenAPI at /openapi.json and
 * /docs, and `/` sending a person to the app's home (302, default /docs).
 */
function withProblemsAndDocs<A extends INestApplication>(app: A, options: HttpAppOptions | FastAppOptions): A {
  app.useGlobalFilters(new ProblemDetailsFilter());
  const http = app.getHttpAdapter();
  // an app with its own front page (the admin's) says home: false
  const home = options.home;
  if (home !== false) http.get('/', (_req: unknown, res: unknown) => http.redirect(res, 302, home ?? '/docs'));
  // Swagger UI's page refers to its assets relatively: at /docs/ they would resolve under /docs/docs/, so
  // /docs/ is sent to /docs (registered first, it is the route Swagger's own /docs/ would have been;
  // Express's routing also matches /docs here, which goes on to Swagger's page)
  http.get('/docs/', (req: { originalUrl?: string; url?: string }, res: unknown, next?: unknown) => {
    if ((req.originalUrl ?? req.url ?? '').split('?')[0]!.endsWith('/')) http.redirect(res, 302, '/docs');
    else if (typeof next === 'function') next();
  });
  SwaggerModule.setup('docs', app, openApiDocument(app, options), { jsonDocumentUrl: 'openapi.json' });
  return app;
}

export function openApiDocument(
  app: INestApplication,
  options: Pick<HttpAppOptions, 'title' | 'description' | 'version' | 'completeDocument'>,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '1.0.0')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  return options.completeDocument ? options.completeDocument(document) : document;
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
  app.getHttpServer().on('clientError', answerClientError);
  // a CPR number in the query string is refused before any route, for every path (CPR-IN-URL)
  app.use(refuseCprInQuery);
  app.useBodyParser('json', {
    limit: options.bodyLimit ?? '1mb',
    type: ['application/json', 'application/*+json'],
    verify: refuseDeepOrNonUtf8Json,
  });
  // body-parser's errors as our problems (Nest would map some to a bare BadRequestException), and a
  // path that does not decode refused before the router tries
  app.use((error: unknown, _req: IncomingMessage, _res: unknown, next: (e?: unknown) => void) => {
    const rule = requestRuleOfError(error);
    next(rule ? requestProblem(rule) : error);
  });
  app.use((req: IncomingMessage, _res: unknown, next: (e?: unknown) => void) => {
    next(decodesAsUri((req.url ?? '').split('?')[0]!) ? undefined : requestProblem('HTTP-URL-MALFORMED'));
  });
  app.disable('x-powered-by');
  app.set('etag', false);
  options.configure?.(app);
  return withProblemsAndDocs(app, options);
}

/** Fastify does not decode a compressed body: only one sent as it is can be read. */
function identityEncoded(header: string | string[] | undefined): boolean {
  return header === undefined || (typeof header === 'string' && /^\s*(identity)?\s*$/i.test(header));
}

function decodesAsUri(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * body-parser's check of the raw JSON body before it parses it: UTF-8 only (RFC 8259) and nesting at
 * most MAX_JSON_DEPTH deep. The thrown error's status and type tell body-parser how to refuse.
 */
function refuseDeepOrNonUtf8Json(_req: IncomingMessage, _res: unknown, buf: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8') {
    throw Object.assign(new Error('JSON is UTF-8'), { status: 415, type: 'charset.unsupported' });
  }
  if (jsonNestingExceeds(buf.toString('utf8'))) {
    throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH}`), {
      status: 400,
      type: 'entity.too.deep',
    });
  }
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
