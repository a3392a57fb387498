import {
  ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';

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

/**
 * Turns every error into application/problem+json. Unknown errors become a 500 whose body says nothing
 * about the cause (which may hold personal data); the cause is logged with the request id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = this.toProblem(error, req);
    if (body.status >= 500) {
      this.logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error), requestId: req.id }, 'unhandled error');
    }
    if (res.headersSent) return;
    if (typeof body['retryAfterSeconds'] === 'number') res.setHeader('Retry-After', String(body['retryAfterSeconds']));
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(error: unknown, req: Request & { id?: string }): ProblemDetails {
    const instance = req.id ? `urn:request:${req.id}` : undefined;
    if (error instanceof ProblemException) return { ...error.problem, instance };
    // body-parser errors (invalid JSON, too large, wrong charset) carry a status and a type
    const bodyError = error as { status?: number; type?: string; expose?: boolean };
    if (bodyError && typeof bodyError.status === 'number' && typeof bodyError.type === 'string' && bodyError.expose) {
      if (bodyError.type === 'entity.parse.failed') {
        return { type: PROBLEM_TYPE_BASE + 'invalid-json', title: 'The body is not valid JSON', status: 400, instance };
      }
      if (bodyError.type === 'entity.too.large') {
        return { type: PROBLEM_TYPE_BASE + 'payload-too-large', title: 'Payload too large', status: 413, instance };
      }
      const [slug, title] = GENERIC_TITLES[bodyError.status] ?? ['bad-request', 'Bad request'];
      return { type: PROBLEM_TYPE_BASE + slug, title, status: bodyError.status, instance };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const [slug, title] = GENERIC_TITLES[status] ?? ['error', 'Error'];
      if (status >= 500) return { type: PROBLEM_TYPE_BASE + 'internal', title: 'Internal error', status, instance };
      return { type: PROBLEM_TYPE_BASE + slug, title, status, instance };
    }
    return {
      type: PROBLEM_TYPE_BASE + 'internal',
      title: 'Internal error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      instance,
    };
  }
}
