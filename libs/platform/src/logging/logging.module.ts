import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { Options as HttpOptions } from 'pino-http';
import pretty from 'pino-pretty';
import type { DynamicModule } from '@nestjs/common';
import { containsCprLikeNumber, loggablePath, maskCprLikeNumbersInJson } from '@overblik/domain';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * The request id a request carries: the caller's `x-request-id` when it is well-formed and holds no
 * CPR-like number, else a new one.
 */
export function requestIdFor(given: string | string[] | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) && !containsCprLikeNumber(given) ? given : randomUUID();
}

/** Health probes (every few seconds from an orchestrator) get no request line. */
const isHealthProbe = (url: string): boolean => url.startsWith('/health');

/**
 * How requests are logged:
 * - `middleware`: pino-http as Nest middleware; every line written while a request is handled carries
 *   its request id (a child logger per request, found through AsyncLocalStorage);
 * - `hook`: one line per request, written by the Fastify app when the answer has gone (`requestLine`).
 *   No child logger and no AsyncLocalStorage per request: together about 9 % of the overview API's CPU
 *   (docs/performance.md). Lines written during a request name what they need themselves (the
 *   problem+json filter names the request id of an error).
 */
export type RequestLogging = 'middleware' | 'hook';

/**
 * Structured JSON logs (pino), with a request line per request (id, method, path, status). Bodies, query
 * strings, headers and credentials are never logged: a CPR number travels only in request bodies, and only
 * the path (without query, CPR-like numbers masked) is kept. Every line is masked once more as it is
 * written, so a CPR-like number a client put anywhere never reaches the log.
 */
export function loggingModule(
  app: string,
  level: string,
  requests: RequestLogging = 'middleware',
  format: LogFormat = 'json',
): DynamicModule {
  const options = pinoHttpOptions(app, level);
  return LoggerModule.forRoot({
    // with the hook, the middleware is applied to no route: pino-http still makes the root logger
    ...(requests === 'hook' ? { forRoutes: [] } : {}),
    pinoHttp: format === 'pretty' ? [options, prettyLogStream()] : options,
  });
}

/** `LOG_FORMAT`: JSON lines for machines, or coloured lines for a person at a terminal (development). */
export type LogFormat = 'json' | 'pretty';

/**
 * Lines for a person: time, level, message and the fields that matter, one request line each. It formats
 * the JSON line after it was masked (the `streamWrite` hook runs first), so it masks like the JSON logs.
 */
export function prettyLogStream(destination: NodeJS.WritableStream = process.stdout): NodeJS.WritableStream {
  return pretty({
    destination,
    sync: true,
    colorize: destination === process.stdout && process.stdout.isTTY !== false,
    messageKey: 'msg',
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,app,context,requestId,req,res,responseTime',
    messageFormat: (log: Record<string, unknown>, messageKey: string) => {
      const req = log['req'] as { method?: string; path?: string } | undefined;
      const res = log['res'] as { statusCode?: number } | undefined;
      const took = typeof log['responseTime'] === 'number' ? ` ${log['responseTime']} ms` : '';
      const line = req ? `${req.method} ${req.path} → ${res?.statusCode ?? '-'}${took}` : '';
      const context = typeof log['context'] === 'string' ? `${log['context']} ` : '';
      return context + [String(log[messageKey] ?? ''), line].filter(Boolean).join(': ');
    },
  });
}

/**
 * The root logger's options (pino-http's): base fields, request ids, serializers that keep only the masked
 * path, redaction, and the mask of CPR-like numbers on every line written.
 */
export function pinoHttpOptions(app: string, level: string): HttpOptions {
  return {
    level,
    base: { app },
    messageKey: 'msg',
    genReqId(req: IncomingMessage & { id?: unknown }, res: ServerResponse) {
      // under Fastify an onRequest hook has already given the id (it runs for unmatched paths too)
      if (typeof req.id === 'string') return req.id;
      const id = requestIdFor(req.headers['x-request-id']);
      res.setHeader('x-request-id', id);
      return id;
    },
    customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
    serializers: {
      req: (req: { id?: string; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        path: loggablePath(req.url ?? ''),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers', 'res.headers'], remove: true },
    hooks: { streamWrite: maskCprLikeNumbersInJson },
    // health probes are not logged; under Fastify the middleware sees the url with its mount path
    // stripped, so the original url decides
    autoLogging: {
      ignore: (req: IncomingMessage & { originalUrl?: string }) => isHealthProbe(req.originalUrl ?? req.url ?? ''),
    },
  };
}

/**
 * The request line of the `hook` logging, through the same serializers as pino-http's (`req.id`,
 * `req.method`, `req.path` without the query, `res.statusCode`, `responseTime`): at info, at error for a
 * 5xx; none for a health probe.
 */
export function requestLine(
  req: IncomingMessage & { id?: unknown },
  res: ServerResponse,
  responseTimeMs: number,
): void {
  if (isHealthProbe(req.url ?? '')) return;
  const failed = res.statusCode >= 500;
  const logger = PinoLogger.root;
  if (!logger.isLevelEnabled(failed ? 'error' : 'info')) return;
  const line = { requestId: req.id, req, res, responseTime: Math.round(responseTimeMs) };
  if (failed) logger.error(line, 'request errored');
  else logger.info(line, 'request completed');
}
