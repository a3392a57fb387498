import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_RULE, isDatabaseUnavailable } from './unavailable';
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  type RequestRuleId,
  requestRuleProblem,
  type RuleViolationOfRequest,
} from './request-rules';

export type ProblemViolation = RuleViolationOfRequest;

/**
 * RFC 9457 problem details, with the rule that failed (`rule`, on every answer) and, where a field is at
 * fault, each broken rule with the field it points at (`violations`).
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** Stable id of the rule the request broke; when not given, the problem type's slug in capitals. */
  rule?: string;
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

/** A problem of one of the request rules (REQUEST_RULES), e.g. QUERY-PAGING-INVALID at /query/after. */
export function requestProblem(
  id: RequestRuleId,
  options: { pointer?: string; message?: string; violations?: ProblemViolation[] } = {},
): ProblemException {
  const body: ProblemDetails = requestRuleProblem(id, options);
  return new ProblemException(options.violations ? { ...body, violations: options.violations } : body);
}

/** The problem's rule id: the one it names, or its type's slug in capitals (`token-missing` → TOKEN-MISSING). */
export function ruleOfProblem(body: ProblemDetails): string {
  if (typeof body.rule === 'string' && body.rule) return body.rule;
  const slug = body.type.startsWith(PROBLEM_TYPE_BASE) ? body.type.slice(PROBLEM_TYPE_BASE.length) : 'error';
  return slug.toUpperCase();
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
  const text = JSON.stringify({ ...body, rule: ruleOfProblem(body) });
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

/** Body-parser's error types (Express) and ours, by the request rule they mean. */
const RULE_OF_ERROR_TYPE: Record<string, RequestRuleId> = {
  'entity.parse.failed': 'HTTP-JSON-MALFORMED',
  'entity.too.large': 'HTTP-BODY-TOO-LARGE',
  'entity.too.deep': 'HTTP-JSON-TOO-DEEP',
  'encoding.unsupported': 'HTTP-CONTENT-ENCODING',
  'charset.unsupported': 'HTTP-MEDIA-TYPE',
  'request.aborted': 'HTTP-REQUEST-MALFORMED',
  'request.size.invalid': 'HTTP-REQUEST-MALFORMED',
};

/** Fastify's error codes (and ours on Fastify), by the request rule they mean. */
const RULE_OF_ERROR_CODE: Record<string, RequestRuleId> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'HTTP-JSON-MALFORMED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'HTTP-JSON-MALFORMED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'HTTP-BODY-TOO-LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'HTTP-MEDIA-TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'HTTP-REQUEST-MALFORMED',
  FST_ERR_BAD_URL: 'HTTP-URL-MALFORMED',
  FST_ERR_MAX_PARAM_LENGTH: 'HTTP-PATH-PARAMETER-TOO-LONG',
};

/**
 * The request rule a framework's error before the handler means (Express's body-parser, Fastify's
 * content-type parsing and router), if it is one.
 */
export function requestRuleOfError(error: unknown): RequestRuleId | undefined {
  const e = error as { status?: number; statusCode?: number; type?: unknown; code?: unknown; name?: unknown } | null;
  const status = e?.status ?? e?.statusCode;
  return (
    (typeof e?.type === 'string' ? RULE_OF_ERROR_TYPE[e.type] : undefined) ??
    (typeof e?.code === 'string' ? RULE_OF_ERROR_CODE[e.code] : undefined) ??
    // a path parameter that is not percent-encoded; JSON.parse's error with the parser's 400
    (e?.name === 'URIError' && status === 400 ? 'HTTP-URL-MALFORMED' : undefined) ??
    (e?.name === 'SyntaxError' && status === 400 ? 'HTTP-JSON-MALFORMED' : undefined)
  );
}

/** Statuses of the framework's own HttpExceptions (Nest maps Fastify's errors to them) by request rule. */
const RULE_OF_FRAMEWORK_STATUS: Record<number, RequestRuleId> = {
  400: 'HTTP-BAD-REQUEST',
  404: 'HTTP-ROUTE-UNKNOWN',
  413: 'HTTP-BODY-TOO-LARGE',
  414: 'HTTP-PATH-PARAMETER-TOO-LONG',
  415: 'HTTP-MEDIA-TYPE',
};

/**
 * A framework's error before the handler as the problem of its request rule (or, for another client
 * error the framework exposes, a generic one); any other error as an internal one that says nothing
 * about its cause.
 */
export function problemOfBodyError(error: unknown, requestId: string | undefined): ProblemDetails {
  const instance = requestId ? `urn:request:${requestId}` : undefined;
  const rule = requestRuleOfError(error);
  if (rule) return requestRuleProblem(rule, { instance });
  const e = error as { status?: number; statusCode?: number; code?: string; expose?: boolean } | null;
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && (e?.expose || e?.code?.startsWith('FST_'))) {
    const byStatus = RULE_OF_FRAMEWORK_STATUS[status];
    if (byStatus) return requestRuleProblem(byStatus, { instance });
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
      // not ours (a ProblemException): the router's NotFoundException, or an error of Fastify's
      const rule = RULE_OF_FRAMEWORK_STATUS[status];
      if (rule) return requestRuleProblem(rule, { instance });
      const [slug, title] = GENERIC_TITLES[status] ?? ['error', 'Error'];
      if (status >= 500) return { type: PROBLEM_TYPE_BASE + 'internal', title: 'Internal error', status, instance };
      return { type: PROBLEM_TYPE_BASE + slug, title, status, instance };
    }
    return problemOfBodyError(error, requestId);
  }
}
