import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import pinoHttp from 'pino-http';
import { pinoHttpOptions, requestIdFor, requestLine } from './logging.module';

/** The root logger the logging module makes (its serializers and redaction), writing into an array. */
function captureRoot(level: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  Object.defineProperty(PinoLogger, 'root', {
    value: pinoHttp(pinoHttpOptions('test', level), sink).logger,
    configurable: true,
    writable: true,
  });
  return lines;
}

const request = (url: string, id = 'req-test-0001'): IncomingMessage & { id: string } =>
  ({ id, method: 'POST', url, headers: { authorization: 'Bearer secret-token' } }) as unknown as IncomingMessage & {
    id: string;
  };
const response = (statusCode: number): ServerResponse =>
  ({ statusCode, headersSent: true, getHeaders: () => ({ etag: '"x"' }) }) as unknown as ServerResponse;

describe('requestLine (request logging from a Fastify hook)', () => {
  it('writes one line at info with the request id, method, path without the query, status and time; no headers', () => {
    const lines = captureRoot('info');
    requestLine(request('/v1/overview?q=secret-query'), response(200), 3.4);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      app: 'test',
      level: 30,
      msg: 'request completed',
      requestId: 'req-test-0001',
      req: { id: 'req-test-0001', method: 'POST', path: '/v1/overview' },
      res: { statusCode: 200 },
      responseTime: 3,
    });
    expect(JSON.stringify(lines)).not.toContain('secret-query');
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('writes a 5xx at error, and a 4xx at info', () => {
    const lines = captureRoot('info');
    requestLine(request('/v1/overview'), response(503), 1);
    requestLine(request('/v1/overview'), response(422), 1);
    expect(lines.map((l) => [l['level'], l['msg']])).toEqual([
      [50, 'request errored'],
      [30, 'request completed'],
    ]);
  });

  it('writes nothing for a health probe, and nothing below the level set', () => {
    const lines = captureRoot('warn');
    requestLine(request('/health/live'), response(200), 1);
    requestLine(request('/v1/overview'), response(200), 1);
    expect(lines).toHaveLength(0);
    requestLine(request('/v1/overview'), response(500), 1);
    expect(lines).toHaveLength(1);
  });
});

describe('requestIdFor', () => {
  it('keeps a well-formed caller id and makes a new one otherwise', () => {
    expect(requestIdFor('caller-id-0001')).toBe('caller-id-0001');
    expect(requestIdFor('bad id with spaces')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
