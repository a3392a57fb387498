import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pacedLoad, quantile, requestBytes, ResponseReader } from './paced-load';

describe('ResponseReader', () => {
  const read = (parts: string[]): { statuses: number[]; ok: boolean } => {
    const statuses: number[] = [];
    const reader = new ResponseReader((s) => statuses.push(s));
    let ok = true;
    for (const p of parts) ok = reader.push(Buffer.from(p, 'latin1')) && ok;
    return { statuses, ok };
  };

  /** Every way of cutting the bytes in two frames the same responses. */
  const expectEverySplit = (whole: string, statuses: number[]): void => {
    for (let cut = 1; cut < whole.length; cut++)
      expect(read([whole.slice(0, cut), whole.slice(cut)])).toEqual({ statuses, ok: true });
  };

  it('frames responses by Content-Length, across and within chunks', () => {
    expectEverySplit(
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' + 'HTTP/1.1 422 Unprocessable\r\ncontent-length: 2\r\n\r\n{}',
      [200, 422],
    );
  });

  it('frames chunked bodies and bodiless 304s', () => {
    const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n';
    expectEverySplit(chunked + 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n', [200, 304]);
  });

  it('gives up on a response it cannot frame', () => {
    expect(read(['HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody']).ok).toBe(false);
  });
});

describe('requestBytes', () => {
  it('writes the request line, Host, the body length in bytes (not characters) and the body', () => {
    const text = requestBytes(
      '127.0.0.1:9',
      '/v1/overview',
      { 'content-type': 'application/json', 'Content-Length': '1' },
      '{"å":1}',
    ).toString();
    expect(text.startsWith('POST /v1/overview HTTP/1.1\r\nhost: 127.0.0.1:9\r\n')).toBe(true);
    expect(text).toContain('content-length: 8\r\n');
    expect(text).not.toContain('Content-Length: 1');
    expect(text.endsWith('\r\n\r\n{"å":1}')).toBe(true);
  });
});

describe('quantile', () => {
  it('takes the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([quantile(xs, 0.5), quantile(xs, 0.99), quantile(xs, 1)]).toEqual([50, 99, 100]);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('pacedLoad against a real server', () => {
  let server: http.Server;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push(body);
        const n = Number(JSON.parse(body).n);
        if (n % 10 === 3) res.writeHead(500).end('{"e":1}');
        else if (n % 10 === 5) {
          // chunked, written after a delay
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"a":');
          setTimeout(() => res.end('1}'), 5);
        } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/load`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends rate × duration requests on time, counts statuses and keeps sockets alive', async () => {
    const bodies = Array.from({ length: 10 }, (_, n) => JSON.stringify({ n }));
    const started = Date.now();
    const result = await pacedLoad({
      url,
      headers: { 'content-type': 'application/json' },
      bodies,
      rate: 200,
      durationSeconds: 1,
      maxSockets: 8,
    });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ rate: 200, sent: 200, ok: 180, non2xx: 20, errors: 0 });
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(result.p50Ms).toBeLessThan(result.maxMs + 0.1);
    expect(result.maxMs).toBeGreaterThanOrEqual(5); // the delayed chunked answers
    // every body went out whole, each of the ten twenty times
    const counts = new Map<number, number>();
    for (const b of seen.slice(-200)) counts.set(JSON.parse(b).n, (counts.get(JSON.parse(b).n) ?? 0) + 1);
    expect([...counts.entries()].sort((a, b) => a[0] - b[0])).toEqual(Array.from({ length: 10 }, (_, n) => [n, 20]));
  });

  it('counts a refused connection as an error, not as an answer', async () => {
    const result = await pacedLoad({
      url: 'http://127.0.0.1:1/',
      headers: {},
      bodies: ['{}'],
      rate: 50,
      durationSeconds: 0.2,
    });
    expect(result).toMatchObject({ sent: 10, ok: 0, non2xx: 0, errors: 10 });
  });
});
