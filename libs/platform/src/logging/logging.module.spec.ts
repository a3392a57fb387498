import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import pinoHttp from 'pino-http';
import { aSyntheticCpr } from '@overblik/domain';
import { pinoHttpOptions, prettyLogStream, requestIdFor, requestLine } from './logging.module';

const CPR = aSyntheticCpr(21);
const DASHED = `${CPR.slice(0, 6)}-${CPR.slice(6)}`;

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
  it.each<[string, string | string[] | undefined, boolean]>([
    ['a well-formed caller id', 'caller-id-0001', true],
    ['a UUID', '3f1c1f4e-8d1a-4c5e-9a55-0a3b2c1d4e5f', true],
    ['an id with spaces', 'bad id with spaces', false],
    ['a too short id', 'abc', false],
    ['no id', undefined, false],
    ['two ids', ['caller-id-0001', 'caller-id-0002'], false],
    ['a CPR number', CPR, false],
    ['a hyphenated CPR number', DASHED, false],
    ['an id that holds a CPR number', `req-${CPR}-1`, false],
  ])('%s: kept %p', (_name, given, kept) => {
    const id = requestIdFor(given);
    if (kept) expect(id).toBe(given);
    else expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('CPR-like numbers in log lines', () => {
  it.each([
    ['in the path', `/v1/overview/${CPR}`, '/v1/overview/******-****'],
    ['hyphenated in the path', `/v1/overview/${DASHED}/x`, '/v1/overview/******-****/x'],
    ['percent-encoded in the path', `/v1/${[...CPR].map((c) => `%3${c}`).join('')}`, '/v1/******-****'],
    ['in the query', `/v1/overview?cpr=${CPR}`, '/v1/overview'],
  ])('masks a CPR-like number %s of the request line', (_name, url, path) => {
    const lines = captureRoot('info');
    requestLine(request(url), response(404), 1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ req: { path } });
    expect(JSON.stringify(lines)).not.toMatch(new RegExp(`${CPR}|${DASHED}`));
  });

  it('masks a CPR-like number anywhere else in a line, in strings and numbers, as it is written', () => {
    const lines = captureRoot('info');
    PinoLogger.root.warn({ clientId: `c-${CPR}`, err: `bad value ${DASHED}`, n: Number(`1${CPR.slice(1)}`) }, 'x');
    expect(lines).toEqual([
      expect.objectContaining({ clientId: 'c-******-****', err: 'bad value ******-****', n: 0, msg: 'x' }),
    ]);
  });
});

describe('LOG_FORMAT=pretty (npm start)', () => {
  it('writes lines for a person, masked like the JSON lines', () => {
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    const logger = pinoHttp(pinoHttpOptions('test', 'info'), prettyLogStream(sink)).logger;
    logger.info(`looked up ${CPR}`);
    logger.info({ req: request('/v1/overview?q=1'), res: response(200), responseTime: 4 }, 'request completed');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(() => JSON.parse(lines[0]!)).toThrow();
    expect(lines[0]).toMatch(/INFO.*looked up \*{6}-\*{4}/);
    expect(lines[1]).toContain('request completed: POST /v1/overview → 200 4 ms');
    expect(text).not.toContain(CPR);
  });
});
