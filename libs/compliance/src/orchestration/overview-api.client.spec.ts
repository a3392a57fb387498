import { aSyntheticCpr } from '@overblik/domain';
import { OverviewApiClient, OverviewContractError, problemSlug } from './overview-api.client';

const CPR = aSyntheticCpr(42);

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that answers once with the given response and records the call; a second call fails the test. */
function fakeFetch(response: Response): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fn = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (calls.length) throw new Error('unexpected second call');
    calls.push({ url: String(url), init: init ?? {} });
    return response;
  };
  return { fetch: fn as typeof fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const problem = (status: number, slug: string, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify({ type: `https://overblik.example/problems/${slug}`, title: slug, status }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

const overviewBody = { version: 1, kommuner: [], naesteUdbetaling: null, daekning: { tekst: 'x', kommuner: [] } };

describe('the orchestration client of the overview API', () => {
  it('sends the CPR number only in the body, with the token, assertion and ETag as headers', async () => {
    const { fetch, calls } = fakeFetch(json(200, overviewBody, { etag: '"abc"' }));
    const client = new OverviewApiClient({ baseUrl: 'https://api.example/', accessToken: () => 'tok', fetch });
    const result = await client.fetchOverview(
      { cpr: CPR, formaal: 'MIT_OVERBLIK' },
      { citizenAssertion: 'assert', ifNoneMatch: '"old"' },
    );
    expect(result).toEqual({ outcome: 'overview', overview: overviewBody, etag: '"abc"' });
    const [call] = calls;
    expect(call?.url).toBe('https://api.example/v1/overview');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers).toMatchObject({
      authorization: 'Bearer tok',
      'x-citizen-assertion': 'assert',
      'if-none-match': '"old"',
    });
    expect(JSON.parse(String(call?.init.body))).toEqual({ cpr: CPR, formaal: 'MIT_OVERBLIK' });
    expect(JSON.stringify(call?.init.headers)).not.toContain(CPR);
  });

  it('sends no authorization header when it has no token', async () => {
    const { fetch, calls } = fakeFetch(problem(401, 'token-missing'));
    const result = await new OverviewApiClient({
      baseUrl: 'https://api.example',
      accessToken: () => null,
      fetch,
    }).fetchOverview({ cpr: CPR, formaal: 'MIT_OVERBLIK' });
    expect(calls[0]?.init.headers).not.toHaveProperty('authorization');
    expect(result.outcome === 'problem' && problemSlug(result.problem)).toBe('token-missing');
  });

  it('reports 304 as not modified', async () => {
    const { fetch } = fakeFetch(new Response(null, { status: 304, headers: { etag: '"abc"' } }));
    const result = await new OverviewApiClient({
      baseUrl: 'https://api.example',
      accessToken: () => 't',
      fetch,
    }).fetchOverview({ cpr: CPR, formaal: 'MIT_OVERBLIK' }, { ifNoneMatch: '"abc"' });
    expect(result).toEqual({ outcome: 'not-modified', etag: '"abc"' });
  });

  it('gives the Retry-After of a 429 problem in seconds', async () => {
    const { fetch } = fakeFetch(problem(429, 'rate-limited', { 'retry-after': '7' }));
    const result = await new OverviewApiClient({
      baseUrl: 'https://api.example',
      accessToken: () => 't',
      fetch,
    }).fetchOverview({ cpr: CPR, formaal: 'MIT_OVERBLIK' });
    expect(result).toMatchObject({ outcome: 'problem', retryAfterSeconds: 7, problem: { status: 429 } });
  });

  it.each([
    [
      'an error that is not problem+json',
      new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      'expected application/problem+json',
    ],
    ['an answer of an unknown version', json(200, { ...overviewBody, version: 2 }), 'unsupported overview version 2'],
    [
      'a success that is not JSON',
      new Response('ok', { status: 200, headers: { 'content-type': 'text/plain' } }),
      'expected application/json',
    ],
    [
      'a problem whose status differs from the response',
      new Response(JSON.stringify({ type: 'x', title: 'y', status: 400 }), {
        status: 422,
        headers: { 'content-type': 'application/problem+json' },
      }),
      'matching status',
    ],
  ])('rejects %s as a breach of the contract', async (_name, response, message) => {
    const { fetch } = fakeFetch(response);
    const call = new OverviewApiClient({ baseUrl: 'https://api.example', accessToken: () => 't', fetch }).fetchOverview(
      { cpr: CPR, formaal: 'MIT_OVERBLIK' },
    );
    await expect(call).rejects.toThrow(OverviewContractError);
    await expect(call).rejects.toThrow(message);
  });

  it("asks for the citizen's access log with the CPR number in the body and the assertion as a header", async () => {
    const log = { tekst: 't', opslag: [] };
    const { fetch, calls } = fakeFetch(json(200, log));
    const result = await new OverviewApiClient({
      baseUrl: 'https://api.example',
      accessToken: () => 't',
      fetch,
    }).fetchAccessLog(CPR, 'assert');
    expect(result).toEqual({ outcome: 'access-log', accessLog: log });
    expect(calls[0]?.url).toBe('https://api.example/v1/access-log');
    expect(calls[0]?.init.headers).toMatchObject({ 'x-citizen-assertion': 'assert' });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ cpr: CPR });
  });
});
