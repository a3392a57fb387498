import type { ArgumentsHost } from '@nestjs/common';
import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { ProblemDetailsFilter, problem } from './problem-details';
import { isDatabaseUnavailable } from './unavailable';

const withProps = (message: string, props: Record<string, unknown>): Error => Object.assign(new Error(message), props);
const socketError = (code: string): Error =>
  withProps(`connect ${code} 127.0.0.1:5432`, { code, syscall: 'connect', errno: -1 });
/** A server error as node-postgres raises it (a DatabaseError with its SQLSTATE), wrapped by TypeORM. */
const queryFailed = (code: string, message: string): QueryFailedError =>
  new QueryFailedError('select 1', [], withProps(message, { code, severity: 'FATAL' }));

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset connection', socketError('ECONNRESET')],
    ['a connect timeout', socketError('ETIMEDOUT')],
    ['a broken pipe', socketError('EPIPE')],
    ['an unreachable host', socketError('EHOSTUNREACH')],
    ['a name lookup that failed for now', socketError('EAI_AGAIN')],
    ['every address of a host refused', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')])],
    ['57P01 admin_shutdown', queryFailed('57P01', 'terminating connection due to administrator command')],
    ['57P02 crash_shutdown', queryFailed('57P02', 'terminating connection because of crash of another server process')],
    ['57P03 cannot_connect_now', queryFailed('57P03', 'the database system is starting up')],
    ['53300 too_many_connections', queryFailed('53300', 'sorry, too many clients already')],
    ['08006 connection_failure', queryFailed('08006', 'connection failure')],
    ['08P01 protocol_violation', queryFailed('08P01', 'protocol violation')],
    [
      'a connection lost mid-query',
      new QueryFailedError('select 1', [], new Error('Connection terminated unexpectedly')),
    ],
    ['a connection timeout of the client', new Error('Connection terminated due to connection timeout')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    [
      'a client after its connection failed',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'a data source that is not connected',
      withProps('Cannot execute operation on "default" connection because connection is not yet established.', {
        name: 'CannotExecuteNotConnectedError',
      }),
    ],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', queryFailed('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', queryFailed('42601', 'syntax error at or near "selec"')],
    ['a statement timeout (the server answers)', queryFailed('57014', 'canceling statement due to statement timeout')],
    ['a plain error', new Error('boom')],
    [
      'a failed fetch of another service',
      Object.assign(new TypeError('fetch failed'), { cause: socketError('ECONNREFUSED') }),
    ],
    ['a problem answer', problem(404, 'not-found', 'Not found')],
    ['null', null],
    ['a string', 'ECONNREFUSED'],
  ])('does not take %s for an unreachable database', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("recognises node-postgres's own error for a server that does not listen", async () => {
    const client = new Client({ host: '127.0.0.1', port: 1, user: 'nobody', database: 'none' });
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});

/** Fastify's reply as far as the filter uses it, recording what was sent. */
function aReply() {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const reply = {
    raw: { headersSent: false },
    sent: false,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return reply;
    },
    send(payload: string) {
      sent.body = payload;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ raw: { id: 'req-0001' } }) }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  // the filter logs the cause of a 5xx; these tests look at the answer only
  beforeEach(() => jest.spyOn(filter['logger'], 'warn').mockReturnValue(undefined));
  beforeEach(() => jest.spyOn(filter['logger'], 'error').mockReturnValue(undefined));
  afterEach(() => jest.restoreAllMocks());

  it('answers an unreachable database with 503 problem+json, Retry-After and the rule, and nothing of the cause', () => {
    const { host, sent } = aReply();
    filter.catch(
      new QueryFailedError('select * from sag where id = $1', ['secret-parameter'], socketError('ECONNREFUSED')),
      host,
    );
    expect(sent.status).toBe(503);
    expect(sent.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(sent.headers['retry-after']).toBe('5');
    expect(JSON.parse(sent.body ?? '')).toEqual({
      type: 'https://overblik.example/problems/service-unavailable',
      title: 'The service cannot reach its database; nothing was done, try again shortly',
      status: 503,
      rule: 'SERVICE-DATABASE-UNAVAILABLE',
      retryAfterSeconds: 5,
      instance: 'urn:request:req-0001',
    });
    expect(sent.body).not.toMatch(/ECONNREFUSED|select|secret-parameter|5432/);
  });

  it('still answers any other unknown error with 500 and no Retry-After', () => {
    const { host, sent } = aReply();
    filter.catch(queryFailed('23505', 'duplicate key value violates unique constraint'), host);
    expect(sent.status).toBe(500);
    expect(sent.headers['retry-after']).toBeUndefined();
    expect(JSON.parse(sent.body ?? '')).toMatchObject({ title: 'Internal error', status: 500 });
  });
});
