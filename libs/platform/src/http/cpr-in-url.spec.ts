import type { IncomingMessage, ServerResponse } from 'node:http';
import { aSyntheticCpr } from '@overblik/domain';
import { cprInUrlProblem, refuseCprInQuery } from './cpr-in-url';

const CPR = aSyntheticCpr(33);

describe('cprInUrlProblem', () => {
  it.each<[string, string, string | undefined]>([
    ['a CPR number as a value', `/v1/overview?cpr=${CPR}`, '/query/cpr'],
    ['a hyphenated one in another parameter', `/v1/held?after=${CPR.slice(0, 6)}-${CPR.slice(6)}`, '/query/after'],
    ['one as a parameter name', `/v1/held?${CPR}`, '/query'],
    ['a query without one', '/v1/held?after=12', undefined],
    ['one in the path only', `/v1/overview/${CPR}`, undefined],
  ])('%s', (_name, url, pointer) => {
    const problem = cprInUrlProblem(url, 'req-0001-abcd');
    if (pointer === undefined) return expect(problem).toBeUndefined();
    expect(problem).toEqual({
      type: 'https://overblik.example/problems/cpr-in-url',
      title: 'A CPR number may not be sent in the URL; send it in the request body',
      status: 400,
      rule: 'CPR-IN-URL',
      instance: 'urn:request:req-0001-abcd',
      violations: [
        {
          rule: 'CPR-IN-URL',
          pointer,
          message: 'the query string holds a CPR-like number; a CPR number travels only in the body',
        },
      ],
    });
    expect(JSON.stringify(problem)).not.toContain(CPR);
  });
});

describe('refuseCprInQuery (Express)', () => {
  function call(url: string) {
    const headers: Record<string, unknown> = {};
    let body = '';
    const res = {
      statusCode: 200,
      setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = value),
      once: () => res,
      end: (text: string) => (body = text),
    };
    let passed = false;
    refuseCprInQuery(
      { url, headers: { 'x-request-id': 'caller-id-0001' } } as unknown as IncomingMessage,
      res as unknown as ServerResponse,
      () => (passed = true),
    );
    return { passed, status: res.statusCode, headers, body };
  }

  it('answers 400 problem+json with the request id and without the number', () => {
    const out = call(`/v1/held?after=${CPR}`);
    expect(out).toMatchObject({ passed: false, status: 400 });
    expect(out.headers).toMatchObject({
      'content-type': 'application/problem+json; charset=utf-8',
      'x-request-id': 'caller-id-0001',
    });
    expect(JSON.parse(out.body)).toMatchObject({ status: 400, violations: [{ rule: 'CPR-IN-URL' }] });
    expect(out.body).not.toContain(CPR);
  });

  it('lets every other request through untouched', () => {
    expect(call('/v1/held?after=1')).toMatchObject({ passed: true, status: 200, body: '' });
  });
});
