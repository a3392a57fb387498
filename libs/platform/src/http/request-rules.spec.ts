import {
  jsonNestingExceeds,
  MAX_JSON_DEPTH,
  rawProblemResponse,
  REQUEST_RULES,
  type RequestRuleId,
  requestRuleProblem,
  ruleOfClientError,
} from './request-rules';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonNestingExceeds', () => {
  it.each([
    ['a scalar', '1', false],
    ['exactly the limit', nested(MAX_JSON_DEPTH), false],
    ['one past the limit', nested(MAX_JSON_DEPTH + 1), true],
    ['objects past the limit', '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1), true],
    ['brackets inside a string', JSON.stringify({ t: '['.repeat(1000) }), false],
    ['an escaped quote inside a string', JSON.stringify({ t: '"[[[[' + '['.repeat(100) }), false],
    ['a wide but flat document', JSON.stringify({ items: Array.from({ length: 5000 }, (_, i) => ({ i })) }), false],
    ['text that is not JSON', 'not json at all', false],
  ])('%s → %s', (_what, text, exceeds) => {
    expect(jsonNestingExceeds(text)).toBe(exceeds);
  });

  it('takes another limit', () => {
    expect(jsonNestingExceeds(nested(3), 2)).toBe(true);
    expect(jsonNestingExceeds(nested(2), 2)).toBe(false);
  });
});

describe('request rules', () => {
  it.each(Object.keys(REQUEST_RULES) as RequestRuleId[])('%s has a 4xx status, a type and a pointer', (id) => {
    const body = requestRuleProblem(id);
    expect(body.status).toBeGreaterThanOrEqual(400);
    expect(body.status).toBeLessThan(500);
    expect(body).toMatchObject({ rule: id, violations: [{ rule: id, pointer: REQUEST_RULES[id].pointer }] });
    expect(body.type).toMatch(/^https:\/\/overblik\.example\/problems\/[a-z-]+$/);
  });

  it.each([
    ['HPE_HEADER_OVERFLOW', 'HTTP-HEADERS-TOO-LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 'HTTP-REQUEST-TIMEOUT'],
    ['HPE_INVALID_METHOD', 'HTTP-REQUEST-MALFORMED'],
    ['HPE_INVALID_HEADER_TOKEN', 'HTTP-REQUEST-MALFORMED'],
    [undefined, 'HTTP-REQUEST-MALFORMED'],
  ])('a parser error %s breaks %s', (code, rule) => {
    expect(ruleOfClientError(code)).toBe(rule);
  });

  it('writes a complete HTTP/1.1 problem+json answer that closes the connection', () => {
    const raw = rawProblemResponse('HTTP-HEADERS-TOO-LARGE');
    const [head, body] = raw.split('\r\n\r\n') as [string, string];
    const lines = head.split('\r\n');
    expect(lines[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(lines).toContain('Content-Type: application/problem+json; charset=utf-8');
    expect(lines).toContain('Connection: close');
    expect(lines).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(JSON.parse(body)).toMatchObject({ status: 431, rule: 'HTTP-HEADERS-TOO-LARGE' });
  });
});
