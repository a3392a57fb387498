import type { Response } from 'supertest';

/**
 * What an app answers while its database is down (cut with a TcpProxy): 503 problem+json that says when
 * to come back (Retry-After) and which rule, and nothing about the cause.
 */
export function expectDatabaseUnavailable(res: Response): void {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe('5');
  expect(res.body).toMatchObject({
    type: 'https://overblik.example/problems/service-unavailable',
    status: 503,
    rule: 'SERVICE-DATABASE-UNAVAILABLE',
    retryAfterSeconds: 5,
  });
  expect(Object.keys(res.body).sort()).toEqual(['instance', 'retryAfterSeconds', 'rule', 'status', 'title', 'type']);
  expect(res.text).not.toMatch(/ECONNREFUSED|terminated|select|insert|stack/i);
}
