import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** The request id a request carries: the caller's `x-request-id` when it is well-formed, else a new one. */
export function requestIdFor(given: string | string[] | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Structured JSON logs (pino) with a request id on every line. Bodies, query strings and credentials are
 * never logged: a CPR number travels only in request bodies, and only the path (without query) is kept.
 */
export function loggingModule(app: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
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
          path: (req.url ?? '').split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'res.headers'], remove: true },
      // health probes are not logged; under Fastify the middleware sees the url with its mount path
      // stripped, so the original url decides
      autoLogging: { ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').startsWith('/health') },
    },
  });
}
