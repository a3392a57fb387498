import { problemOfBodyError, requestProblem, requestRuleOfError, ruleOfProblem } from './problem-details';

const withProps = (error: Error, props: Record<string, unknown>): Error => Object.assign(error, props);

describe('requestRuleOfError', () => {
  it.each([
    [
      'body-parser: not JSON',
      withProps(new SyntaxError('x'), { status: 400, type: 'entity.parse.failed' }),
      'HTTP-JSON-MALFORMED',
    ],
    [
      'body-parser: too large',
      withProps(new Error('x'), { status: 413, type: 'entity.too.large' }),
      'HTTP-BODY-TOO-LARGE',
    ],
    [
      'body-parser: charset',
      withProps(new Error('x'), { status: 415, type: 'charset.unsupported' }),
      'HTTP-MEDIA-TYPE',
    ],
    [
      'body-parser: encoding',
      withProps(new Error('x'), { status: 415, type: 'encoding.unsupported' }),
      'HTTP-CONTENT-ENCODING',
    ],
    ['our depth check', withProps(new Error('x'), { status: 400, type: 'entity.too.deep' }), 'HTTP-JSON-TOO-DEEP'],
    [
      'Fastify: empty JSON',
      withProps(new Error('x'), { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }),
      'HTTP-JSON-MALFORMED',
    ],
    ['Fastify: bad URL', withProps(new Error('x'), { statusCode: 400, code: 'FST_ERR_BAD_URL' }), 'HTTP-URL-MALFORMED'],
    [
      'Fastify: long parameter',
      withProps(new Error('x'), { statusCode: 414, code: 'FST_ERR_MAX_PARAM_LENGTH' }),
      'HTTP-PATH-PARAMETER-TOO-LONG',
    ],
    ['JSON.parse under Fastify', withProps(new SyntaxError('x'), { statusCode: 400 }), 'HTTP-JSON-MALFORMED'],
    [
      'the router: a parameter that does not decode',
      withProps(new URIError('x'), { status: 400 }),
      'HTTP-URL-MALFORMED',
    ],
    ['a SyntaxError of the server’s own code', new SyntaxError('x'), undefined],
    ['any other error', new Error('boom'), undefined],
  ])('%s', (_what, error, rule) => {
    expect(requestRuleOfError(error)).toBe(rule);
  });

  it.each([
    [400, 'HTTP-BAD-REQUEST'],
    [404, 'HTTP-ROUTE-UNKNOWN'],
    [413, 'HTTP-BODY-TOO-LARGE'],
  ])("answers the framework's own %i as %s", (status, rule) => {
    const body = problemOfBodyError(withProps(new Error('x'), { status, expose: true }), undefined);
    expect([body.status, body.rule]).toEqual([status, rule]);
  });

  it('answers an unknown error as an internal problem that says nothing of its cause', () => {
    const body = problemOfBodyError(new Error('a cause with personal data'), 'req-1');
    expect(body).toEqual({
      type: 'https://overblik.example/problems/internal',
      title: 'Internal error',
      status: 500,
      instance: 'urn:request:req-1',
    });
  });
});

describe('ruleOfProblem', () => {
  it.each([
    [
      'a named rule',
      { type: 'https://overblik.example/problems/x', title: 't', status: 400, rule: 'QUERY-PAGING-INVALID' },
      'QUERY-PAGING-INVALID',
    ],
    [
      'the type’s slug',
      { type: 'https://overblik.example/problems/token-missing', title: 't', status: 401 },
      'TOKEN-MISSING',
    ],
    ['a foreign type', { type: 'about:blank', title: 't', status: 400 }, 'ERROR'],
  ])('%s', (_what, body, rule) => {
    expect(ruleOfProblem(body)).toBe(rule);
  });

  it('builds a request rule problem with its own violations', () => {
    const e = requestProblem('QUERY-PAGING-INVALID', {
      violations: [{ rule: 'QUERY-PAGING-INVALID', pointer: '/query/limit', message: 'm' }],
    });
    expect(e.getStatus()).toBe(400);
    expect(e.problem).toMatchObject({ rule: 'QUERY-PAGING-INVALID', violations: [{ pointer: '/query/limit' }] });
  });
});
