import type { IncomingMessage, ServerResponse } from 'node:http';
import { cprLikeNumberInQuery, jsonPointer, RULE_CATALOGUE } from '@overblik/domain';
import { requestIdFor, requestLine } from '../logging/logging.module';
import { type ProblemDetails } from './problem-details';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './request-rules';

/**
 * The answer to a request whose query string holds a CPR-like number (rule CPR-IN-URL): 400, naming the
 * parameter but never the value. Undefined when the query holds none.
 */
export function cprInUrlProblem(url: string, requestId: string | undefined): ProblemDetails | undefined {
  const found = cprLikeNumberInQuery(url);
  if (!found) return undefined;
  return {
    type: PROBLEM_TYPE_BASE + 'cpr-in-url',
    title: 'A CPR number may not be sent in the URL; send it in the request body',
    status: 400,
    rule: 'CPR-IN-URL',
    instance: requestId ? `urn:request:${requestId}` : undefined,
    violations: [
      {
        rule: 'CPR-IN-URL',
        pointer: found.parameter === null ? '/query' : jsonPointer(['query', found.parameter]),
        message: RULE_CATALOGUE['CPR-IN-URL'].en,
      },
    ],
  };
}

/**
 * Express middleware that refuses a CPR-like number in the query string before any route (or the request
 * logging, which never sees the request) runs; it writes the refused request's line itself.
 */
export function refuseCprInQuery(req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void {
  const started = performance.now();
  const id = typeof req.id === 'string' ? req.id : requestIdFor(req.headers['x-request-id']);
  const body = cprInUrlProblem(req.url ?? '', id);
  if (!body) return next();
  req.id = id;
  const text = JSON.stringify(body);
  res.statusCode = 400;
  res.setHeader('x-request-id', id);
  res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.once('finish', () => requestLine(req, res, performance.now() - started));
  res.end(text);
}
