// Pure: the rules a request breaks before any domain rule runs (no Nest, no Fastify, no Express here).

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://overblik.example/problems/';

/** A rule one field of a request broke: the rule id, a JSON pointer to the field, and what is wrong. */
export interface RuleViolationOfRequest {
  rule: string;
  pointer: string;
  message: string;
}

/** How a request rule is answered: status, the problem type's slug, title, and where the fault is. */
export interface RequestRule {
  status: number;
  type: string;
  title: string;
  /** JSON pointer into the request: '' is the body, /headers/…, /query/…, /path. */
  pointer: string;
}

/** The stable ids of the rules about the request itself (its line, headers, query, body framing). */
export const REQUEST_RULES = {
  'QUERY-PAGING-INVALID': {
    status: 400,
    type: 'paging-invalid',
    title: 'A paging parameter is not a whole number in its range',
    pointer: '/query',
  },
  'HTTP-REQUEST-MALFORMED': {
    status: 400,
    type: 'request-malformed',
    title: 'The request is not valid HTTP/1.1',
    pointer: '',
  },
  'HTTP-REQUEST-TIMEOUT': {
    status: 408,
    type: 'request-timeout',
    title: 'The request did not arrive in time',
    pointer: '',
  },
  'HTTP-HEADERS-TOO-LARGE': {
    status: 431,
    type: 'headers-too-large',
    title: 'The request line and headers are too large',
    pointer: '/headers',
  },
  'HTTP-URL-MALFORMED': {
    status: 400,
    type: 'url-malformed',
    title: 'The path is not validly percent-encoded',
    pointer: '/path',
  },
  'HTTP-PATH-PARAMETER-TOO-LONG': {
    status: 414,
    type: 'path-parameter-too-long',
    title: 'A path segment is too long',
    pointer: '/path',
  },
  'HTTP-ROUTE-UNKNOWN': {
    status: 404,
    type: 'not-found',
    title: 'Not found',
    pointer: '/path',
  },
  'HTTP-BODY-TOO-LARGE': {
    status: 413,
    type: 'payload-too-large',
    title: 'Payload too large',
    pointer: '',
  },
  'HTTP-MEDIA-TYPE': {
    status: 415,
    type: 'unsupported-media-type',
    title: 'Unsupported media type or charset',
    pointer: '/headers/content-type',
  },
  'HTTP-CONTENT-ENCODING': {
    status: 415,
    type: 'unsupported-content-encoding',
    title: 'Unsupported content encoding',
    pointer: '/headers/content-encoding',
  },
  'HTTP-JSON-MALFORMED': {
    status: 400,
    type: 'invalid-json',
    title: 'The body is not valid JSON',
    pointer: '',
  },
  'HTTP-JSON-TOO-DEEP': {
    status: 400,
    type: 'json-too-deep',
    title: 'The JSON body nests arrays and objects too deeply',
    pointer: '',
  },
  'HTTP-BAD-REQUEST': {
    status: 400,
    type: 'bad-request',
    title: 'Bad request',
    pointer: '',
  },
} as const satisfies Record<string, RequestRule>;

export type RequestRuleId = keyof typeof REQUEST_RULES;

/** Deepest nesting of arrays and objects a JSON body may have (the delivery format needs far less). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays/objects deeper than `maxDepth`, found by one scan that skips strings;
 * run before JSON.parse so no recursive walk (hashing, schema, logging) meets an unbounded depth.
 * Text that is not JSON gives false here and fails in the parser.
 */
export function jsonNestingExceeds(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The problem+json body of a request rule (rule id at the top and as the one violation). */
export function requestRuleProblem(
  id: RequestRuleId,
  options: { pointer?: string; message?: string; instance?: string } = {},
): {
  type: string;
  title: string;
  status: number;
  rule: string;
  instance?: string;
  violations: RuleViolationOfRequest[];
} {
  const rule: RequestRule = REQUEST_RULES[id];
  return {
    type: PROBLEM_TYPE_BASE + rule.type,
    title: rule.title,
    status: rule.status,
    rule: id,
    ...(options.instance ? { instance: options.instance } : {}),
    violations: [{ rule: id, pointer: options.pointer ?? rule.pointer, message: options.message ?? rule.title }],
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
};

/**
 * The bytes of a complete HTTP/1.1 problem+json answer that closes the connection, for errors the HTTP
 * parser raises before any framework sees a request (headers too large, not HTTP at all).
 */
export function rawProblemResponse(id: RequestRuleId): string {
  const body = JSON.stringify(requestRuleProblem(id));
  const { status } = REQUEST_RULES[id];
  return (
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n` +
    'Content-Type: application/problem+json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** Which rule a Node HTTP parser error (the server's 'clientError' event) breaks. */
export function ruleOfClientError(code: string | undefined): RequestRuleId {
  if (code === 'HPE_HEADER_OVERFLOW') return 'HTTP-HEADERS-TOO-LARGE';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return 'HTTP-REQUEST-TIMEOUT';
  return 'HTTP-REQUEST-MALFORMED';
}
