import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** mulberry32: a tiny seeded pseudo-random source, so a failing fuzz run can be replayed from its seed. */
export class FuzzRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a generator by weight and runs it. */
  weighted<T>(table: ReadonlyArray<readonly [number, () => T]>): T {
    let r = this.next() * table.reduce((sum, [w]) => sum + w, 0);
    for (const [w, make] of table) {
      r -= w;
      if (r < 0) return make();
    }
    return table[table.length - 1]![1]();
  }
}

/**
 * One request of a fuzz run: either through Node's HTTP client (`headers`, `body`) or, for what that
 * client refuses to send (bad header bytes, not HTTP at all), as `raw` bytes on a socket of its own.
 */
export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  raw?: Buffer;
}

/** Why a request got no answer (the connection closed or timed out first). */
export interface NoAnswer {
  failure: string;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Values a paging or id parameter should refuse: exponents, signs, ranges past the column, odd digits. */
export function oddNumberText(rng: FuzzRandom): string {
  return rng.pick([
    '2147483648',
    '2147483647',
    '4294967296',
    '9223372036854775807',
    '9223372036854775808',
    '99999999999999999999999999',
    '1e3',
    '1E10',
    '1e309',
    '-1',
    '-0',
    '+1',
    '0x1f',
    '0b11',
    '1.5',
    '.5',
    '1_000',
    'NaN',
    'Infinity',
    '-Infinity',
    '',
    ' ',
    '%20',
    '1%00',
    '%zz',
    '%C0%AF',
    '%E2%80%AE1',
    '١٢٣',
    '１２',
    encodeURIComponent('²'),
    'null',
    'true',
    '[]',
    '{}',
    '0'.repeat(rng.int(1, 40)),
    String(rng.int(0, 2 ** 31 - 1)),
    String(rng.int(0, 5000)),
    '9'.repeat(rng.int(10, 400)),
  ]);
}

/** An odd query string for a list: repeated, empty, bracketed and percent-broken parameters. */
export function oddQuery(rng: FuzzRandom, names: readonly string[]): string {
  const parts: string[] = [];
  const n = rng.int(0, 4);
  for (let i = 0; i < n; i++) {
    const name = rng.chance(0.85)
      ? rng.pick(names)
      : rng.pick(['x', 'after[]', 'after[a]', '__proto__', '%zz', '', 'a'.repeat(300)]);
    parts.push(rng.chance(0.05) ? name : `${name}=${oddNumberText(rng)}`);
  }
  const q = parts.join(rng.chance(0.9) ? '&' : rng.pick([';', '&&', '&=&']));
  return q ? `?${q}` : rng.pick(['', '?', '?&', '??', '?=']);
}

/** An odd path segment: encodings that do not decode, NUL, traversal, unicode, very long. */
export function oddSegment(rng: FuzzRandom): string {
  return rng.pick([
    '%zz',
    '%',
    '%e',
    '%00',
    '%C0%80',
    '%ED%A0%80',
    '%FF%FE',
    '..',
    '%2e%2e',
    '%2F',
    ';a=1',
    'a'.repeat(rng.int(90, 3000)),
    encodeURIComponent('æøå'),
    '\u00e6\u00f8', // latin1 bytes on the wire: not UTF-8
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '6f1c0c4e-6a39-4d7e-9a57-0c1f0a7d0001',
    '6F1C0C4E6A394D7E9A570C1F0A7D0001',
    '{id}',
    '',
    '1e3',
    '-1',
    '9223372036854775808',
  ]);
}

/** An odd Authorization header: no scheme, other schemes, garbage JWTs, a token of up to 100 KB. */
export function oddAuthorization(rng: FuzzRandom, goodToken: string): string {
  const [h, p, s] = goodToken.split('.') as [string, string, string];
  return rng.pick([
    '',
    'Bearer',
    'Bearer ',
    'Bearer  ' + goodToken,
    'bearer ' + goodToken,
    'Basic Zm9vOmJhcg==',
    'Bearer a.b.c',
    'Bearer ' + h,
    'Bearer ' + `${h}.${p}`,
    'Bearer ' + `${h}.${p}.${s.slice(0, -4)}AAAA`,
    'Bearer ' + `${h}.${p}.`,
    'Bearer ' + `eyJhbGciOiJub25lIn0.${p}.`,
    'Bearer ' + `${h}.${Buffer.from('{"sub":1,"scope":["x"]}').toString('base64url')}.${s}`,
    'Bearer ' + `${h}.${Buffer.from('[[[[[[[[[[]]]]]]]]]]').toString('base64url')}.${s}`,
    'Bearer ' + 'x'.repeat(rng.int(1000, 12_000)),
    'Bearer ' + 'a'.repeat(100_000),
    'Bearer ' + goodToken + ' ' + goodToken,
    goodToken,
  ]);
}

/** Odd extra headers: request ids, content lengths the client corrects, accept and encodings. */
export function oddHeaders(rng: FuzzRandom): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rng.chance(0.3))
    headers['x-request-id'] = rng.pick(['', 'x'.repeat(500), '../../etc', 'ok-request-0001', '\u00e6']);
  if (rng.chance(0.2))
    headers['accept'] = rng.pick(['*/*', 'text/html', 'application/xml', '', 'application/json;q=0']);
  if (rng.chance(0.2)) headers['accept-encoding'] = rng.pick(['gzip', 'br', 'identity;q=0', '*;q=0', 'x'.repeat(2000)]);
  if (rng.chance(0.1)) headers['x-' + 'h'.repeat(rng.int(1, 200))] = 'v'.repeat(rng.int(0, 6000));
  if (rng.chance(0.05)) headers['idempotency-key'] = rng.pick(['', 'short', 'x'.repeat(500), 'ok-key-000001;drop']);
  return headers;
}

/** A JSON value mutated at random: fields dropped or added, values replaced by junk. */
export function mutateJson(rng: FuzzRandom, value: unknown, depth = 0): unknown {
  if (depth > 0 && rng.chance(0.06)) return junkValue(rng);
  if (Array.isArray(value)) return rng.chance(0.05) ? junkValue(rng) : value.map((v) => mutateJson(rng, v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (rng.chance(0.04)) continue;
      out[rng.chance(0.01) ? k + '\u0000' : k] = mutateJson(rng, v, depth + 1);
    }
    if (rng.chance(0.04)) out[rng.pick(['extra', '__proto__', 'constructor', ''])] = junkValue(rng);
    return out;
  }
  return value;
}

function junkValue(rng: FuzzRandom): unknown {
  return rng.pick<() => unknown>([
    () => null,
    () => 0,
    () => -1,
    () => 2 ** 31,
    () => 1e308,
    () => 0.1,
    () => true,
    () => '',
    () => 'x'.repeat(rng.int(1, 5000)),
    () => '\u0000',
    () => '\ud800',
    () => '2024-02-30T25:61:00Z',
    () => '1e3',
    () => '00000000-0000-0000-0000-000000000000',
    () => [],
    () => ({}),
    () => [[[[[]]]]],
    () => ({ $gt: '' }),
    () => 'æøå'.repeat(100),
  ])();
}

/** JSON text broken in a way a parser must refuse (or a shape deeper than any limit). */
export function brokenJsonText(rng: FuzzRandom, valid: string): string {
  return rng.pick<() => string>([
    () => valid.slice(0, rng.int(0, Math.max(valid.length - 1, 0))),
    () => valid + rng.pick([',', '}', ']', 'x', '\u0000']),
    () => valid.replace(/"/, "'"),
    () => valid.replace(/:/, ''),
    () => '{"items":[' + '['.repeat(rng.int(65, 50_000)) + ']'.repeat(rng.int(0, 50_000)) + ']}',
    () => '{"a":'.repeat(rng.int(65, 20_000)) + '1' + '}'.repeat(rng.int(65, 20_000)),
    () => '',
    () => ' ',
    () => 'null',
    () => '"items"',
    () => '{"__proto__":{"items":[]}}',
    () => '{"constructor":{"prototype":{"items":[]}}}',
    () => '\ufeff' + valid,
    () => Buffer.from(valid).toString('latin1').replace(/a/g, '\u00ff'),
    () => '{"items":[1,2,3,]}',
    () => '{"items":NaN}',
    () => '{"items":[1e99999]}',
  ])();
}

/** Raw bytes Node's client will not send: bad header characters, broken framing, not HTTP at all. */
export function malformedRawRequest(rng: FuzzRandom, path: string, authorization: string): Buffer {
  const text = rng.pick<() => string>([
    () => `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Bad\u0001: y\r\nConnection: close\r\n\r\n`,
    () => `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\nConnection: close\r\n\r\n`,
    () => `GE T ${path} HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET ${path} HTTP/9.9\r\nHost: x\r\n\r\n`,
    () => `GET ${path}\r\n\r\n`,
    () => `GET ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}`,
    () => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n`,
    () => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\nConnection: close\r\n\r\n`,
    () =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\nConnection: close\r\n\r\n0\r\n\r\n`,
    () =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    () =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, identity\r\nConnection: close\r\n\r\n0\r\n\r\n`,
    () =>
      `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\n Folded: header\r\nConnection: close\r\n\r\n`,
    () => `GET ${path} HTTP/1.1\nHost: x\nConnection: close\n\n`,
    () =>
      `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(rng.int(17_000, 70_000))}\r\nConnection: close\r\n\r\n`,
    () => `GET /${'a'.repeat(rng.int(17_000, 40_000))} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    () => `\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003`,
    () => `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`,
    () => `${'\r\n'.repeat(rng.int(1, 5))}GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    () => `GET ${path} HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(rng.int(2000, 4000))}Connection: close\r\n\r\n`,
  ])();
  return Buffer.from(text, 'latin1');
}

/** Parse a whole HTTP/1.1 answer read from a socket (Content-Length framed, or until the close). */
function parseRawAnswer(bytes: Buffer): FuzzAnswer | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status,
    contentType: headers['content-type'] ?? '',
    headers,
    body: bytes.subarray(end + 4).toString('utf8'),
  };
}

function sendRaw(port: number, raw: Buffer, timeoutMs: number): Promise<FuzzAnswer | NoAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRawAnswer(Buffer.concat(chunks)) ?? { failure: 'closed without an answer' });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.write(raw);
  });
}

/** A request as HTTP/1.1 bytes (latin1), for what Node's client will not send as it is. */
function rawBytesOf(req: FuzzRequest, headers: Record<string, string | string[]>, body: Buffer | undefined): Buffer {
  const lines = [`${req.method} ${req.path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  }
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body ?? Buffer.alloc(0)]);
}

function sendWithClient(
  agent: Agent,
  port: number,
  req: FuzzRequest,
  timeoutMs: number,
): Promise<FuzzAnswer | NoAnswer> {
  return new Promise((resolve) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
    const headers: Record<string, string | string[]> = { ...(req.headers ?? {}) };
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
      headers['content-length'] = String(body.length);
    }
    let settled = false;
    const finish = (answer: FuzzAnswer | NoAnswer): void => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    let r: ReturnType<typeof httpRequest>;
    try {
      r = httpRequest(
        { agent, host: '127.0.0.1', port, method: req.method, path: req.path, headers, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () =>
            finish({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', (e) => finish({ failure: `answer cut: ${e.message}` }));
        },
      );
    } catch {
      // Node's client refuses this path or header: send the same request as bytes
      void sendRaw(port, rawBytesOf(req, headers, body), timeoutMs).then(finish);
      return;
    }
    r.on('timeout', () => r.destroy());
    r.on('error', (e) => finish({ failure: e.message }));
    r.end(body);
  });
}

export interface FuzzResult {
  request: FuzzRequest;
  answer: FuzzAnswer | NoAnswer;
  ms: number;
}

export const answered = (answer: FuzzAnswer | NoAnswer): answer is FuzzAnswer => 'status' in answer;

/**
 * Send every request to 127.0.0.1:port, `concurrency` at a time over keep-alive connections (raw
 * requests on a socket each), and return each with its answer in order.
 */
export async function sendFuzzRequests(
  port: number,
  requests: readonly FuzzRequest[],
  options: { concurrency?: number; timeoutMs?: number } = {},
): Promise<FuzzResult[]> {
  const { concurrency = 8, timeoutMs = 10_000 } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const results: FuzzResult[] = new Array(requests.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < requests.length; i = next++) {
      const request = requests[i]!;
      const started = performance.now();
      const answer = request.raw
        ? await sendRaw(port, request.raw, timeoutMs)
        : await sendWithClient(agent, port, request, timeoutMs);
      results[i] = { request, answer, ms: performance.now() - started };
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    agent.destroy();
  }
  return results;
}

/** A request in a line, to replay a failure: kind, method, path, headers and the start of the body. */
export function describeFuzzRequest(req: FuzzRequest, bodyChars = 300): string {
  if (req.raw) return `${req.kind} ${JSON.stringify(req.raw.toString('latin1').slice(0, bodyChars))}`;
  const headers = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k, String(v).slice(0, 80)]));
  const body = req.body === undefined ? '' : ` ${JSON.stringify(req.body.toString().slice(0, bodyChars))}`;
  return `${req.kind} ${req.method} ${req.path.slice(0, 200)} ${JSON.stringify(headers)}${body}`;
}

/**
 * Why an answer breaks the contract: every answer is below 500, and every one that is neither a success
 * nor a redirect is problem+json with a type, a rule and its own status.
 */
export function contractBreach(result: FuzzResult): string | undefined {
  const { answer, request } = result;
  if (!answered(answer)) return request.raw ? undefined : `no answer (${answer.failure})`;
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (answer.status < 300 || request.method === 'HEAD') return undefined;
  // a redirect (static files under /docs) is not a refusal
  if (answer.status < 400 && answer.headers['location']) return undefined;
  if (!/^application\/problem\+json/.test(answer.contentType))
    return `answered ${answer.status} as "${answer.contentType}"`;
  let body: { type?: unknown; rule?: unknown; status?: unknown } | undefined;
  try {
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    return `answered ${answer.status} with a body that is not JSON`;
  }
  if (typeof body?.type !== 'string' || typeof body.rule !== 'string' || !body.rule) {
    return `answered ${answer.status} without a type and a rule`;
  }
  if (body.status !== answer.status) return `answered ${answer.status} with status ${String(body.status)} in the body`;
  return undefined;
}

/** Counts by status, by kind and status (e.g. `delivery-body 422`) and by rule, and the mean time per kind. */
export function fuzzTally(results: readonly FuzzResult[]): {
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
  byRule: Record<string, number>;
  meanMsByKind: Record<string, number>;
} {
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const time: Record<string, { ms: number; n: number }> = {};
  const add = (into: Record<string, number>, key: string): void => {
    into[key] = (into[key] ?? 0) + 1;
  };
  for (const { request, answer, ms } of results) {
    const status = answered(answer) ? String(answer.status) : 'no answer';
    add(byStatus, status);
    add(byKind, `${request.kind} ${status}`);
    const t = (time[request.kind] ??= { ms: 0, n: 0 });
    t.ms += ms;
    t.n++;
    if (answered(answer) && answer.status >= 400) {
      try {
        add(byRule, String((JSON.parse(answer.body) as { rule?: unknown }).rule));
      } catch {
        add(byRule, '(no JSON body)');
      }
    }
  }
  const meanMsByKind = Object.fromEntries(Object.entries(time).map(([k, t]) => [k, Math.round(t.ms / t.n)]));
  return { byStatus, byKind, byRule, meanMsByKind };
}

/** The tally as a few readable lines (`key=count`, most frequent first). */
export function formatTally(tally: ReturnType<typeof fuzzTally>): string {
  const line = (name: string, counts: Record<string, number>): string =>
    `${name}: ${Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}=${n}`)
      .join(', ')}`;
  return [
    line('by status', tally.byStatus),
    line('by kind and status', tally.byKind),
    line('by rule', tally.byRule),
    line('mean ms by kind', tally.meanMsByKind),
  ].join('\n');
}
