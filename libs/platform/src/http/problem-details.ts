import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_RULE, isDatabaseUnavailable } from './unavailable';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://overblik.example/problems/';

export interface ProblemViolation {
  rule: string;
  pointer: string;
  message: string;
}

/** RFC 9457 problem details, with the rule(s) that failed and the field(s) they point at. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  violations?: ProblemViolation[];
  [extension: string]: unknown;
}

/** Throw this for any answer that is not a success: it carries a stable problem type. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }
}

export function problem(
  status: number,
  type: string,
  title: string,
  extra: { detail?: string; violations?: ProblemViolation[]; [extension: string]: unknown } = {},
): ProblemException {
  return new ProblemException({ ...extra, type: PROBLEM_TYPE_BASE + type, title, status });
}

const GENERIC_TITLES: Record<number, [string, string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Authentication required'],
  403: ['forbidden', 'Not allowed'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable content'],
  429: ['too-many-requests', 'Too many requests'],
};

/** The answer while the database cannot be reached: 503 with Retry-After and the rule, nothing about the cause. */
export function databaseUnavailableProblem(instance?: string): ProblemDetails {
  return {
    type: PROBLEM_TYPE_BASE + 'service-unavailable',
    title: 'The service cannot reach its database; nothing was done, try again shortly',
    status: HttpStatus.SERVICE_UNAVAILABLE,
    rule: DATABASE_UNAVAILABLE_RULE,
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    ...(instance ? { instance } : {}),
  };
}

/** Fastify's reply, as far as a problem answer needs it. */
interface ReplyLike {
  raw: ServerResponse;
  sent: boolean;
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(payload: string): unknown;
}

/** Write a problem+json answer on Express's response (a ServerResponse) or Fastify's reply. */
function writeProblem(res: ServerResponse | ReplyLike, body: ProblemDetails): void {
  const text = JSON.stringify(body);
  const type = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;
  const retryAfter = typeof body['retryAfterSeconds'] === 'number' ? String(body['retryAfterSeconds']) : undefined;
  if ('raw' in res && 'send' in res) {
    if (res.sent || res.raw.headersSent) return;
    if (retryAfter) res.header('Retry-After', retryAfter);
    res.status(body.status).header('Content-Type', type).send(text);
    return;
  }
  if (res.headersSent) return;
  if (retryAfter) res.setHeader('Retry-After', retryAfter);
  res.statusCode = body.status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Whether a request's Content-Type is one of `types` (parameters such as charset ignored). */
export function hasContentType(headers: { 'content-type'?: string | undefined }, ...types: string[]): boolean {
  const given = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return types.includes(given);
}

type RequestWithId = { id?: unknown; raw?: { id?: unknown } };

/** The request id pino-http gave the request (on the raw request under Fastify). */
const requestIdOf = (req: RequestWithId): string | undefined => {
  const id = req.raw ? req.raw.id : req.id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * A body parser's error (Express's body-parser, or Fastify's content-type parsing) as a problem; any
 * other error as an internal one that says nothing about its cause.
 */
export function problemOfBodyError(error: unknown, requestId: string | undefined): ProblemDetails {
  const instance = requestId ? `urn:request:${requestId}` : undefined;
  const e = error as { status?: number; statusCode?: number; type?: string; code?: string; expose?: boolean } | null;
  const status = e?.status ?? e?.statusCode;
  if (
    e?.type === 'entity.parse.failed' ||
    e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (error instanceof SyntaxError && status === 400)
  ) {
    return { type: PROBLEM_TYPE_BASE + 'invalid-json', title: 'The body is not valid JSON', status: 400, instance };
  }
  if (e?.type === 'entity.too.large' || e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { type: PROBLEM_TYPE_BASE + 'payload-too-large', title: 'Payload too large', status: 413, instance };
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && (e?.expose || e?.code?.startsWith('FST_'))) {
    const [slug, title] = GENERIC_TITLES[status] ?? ['bad-request', 'Bad request'];
    return { type: PROBLEM_TYPE_BASE + slug, title, status, instance };
  }
  return {
    type: PROBLEM_TYPE_BASE + 'internal',
    title: 'Internal error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    instance,
  };
}

/**
 * Turns every error into application/problem+json. An unreachable database becomes a 503 with
 * Retry-After; other unknown errors a 500. Neither body says anything about the cause (which may hold
 * personal data); the cause is logged with the request id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    // Express passes its response (a ServerResponse), Fastify its reply
    const res = ctx.getResponse<ServerResponse | ReplyLike>();
    const requestId = requestIdOf(ctx.getRequest<RequestWithId>());
    if (!(error instanceof HttpException) && isDatabaseUnavailable(error)) {
      const e = error as { name?: unknown; code?: unknown; message?: unknown };
      // the name, code and message of a connection error; never a query or its parameters
      this.logger.warn(
        { err: { name: e.name, code: e.code, message: e.message }, requestId },
        'database unavailable: answered 503',
      );
      writeProblem(res, databaseUnavailableProblem(requestId ? `urn:request:${requestId}` : undefined));
      return;
    }
    const body = this.toProblem(error, requestId);
    if (body.status >= 500) {
      this.logger.error(
        {
          err:
            error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
          requestId,
        },
        'unhandled error',
      );
    }
    writeProblem(res, body);
  }

  private toProblem(error: unknown, requestId: string | undefined): ProblemDetails {
    const instance = requestId ? `urn:request:${requestId}` : undefined;
    if (error instanceof ProblemException) return { ...error.problem, instance };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const [slug, title] = GENERIC_TITLES[status] ?? ['error', 'Error'];
      if (status >= 500) return { type: PROBLEM_TYPE_BASE + 'internal', title: 'Internal error', status, instance };
      return { type: PROBLEM_TYPE_BASE + slug, title, status, instance };
    }
    return problemOfBodyError(error, requestId);
  }
}
