import net from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * An open-loop load at a fixed rate: request i is due at start + i/rate, whatever the server does, and
 * its latency is measured from when it was due (so a slow server cannot hide its queue: no coordinated
 * omission). autocannon's own rate mode gives each connection a per-second quota that it spends at once
 * at the start of every second, which measures bursts rather than a steady rate.
 *
 * It speaks HTTP/1.1 itself over keep-alive sockets, with every request's bytes made before the run:
 * node:http's client costs CPU on the same cores as the server it measures, and its own delays show up
 * as the server's tail (docs/performance.md).
 */
export interface PacedLoadOptions {
  url: string;
  headers: Record<string, string>;
  bodies: readonly string[];
  rate: number;
  durationSeconds: number;
  /** Sockets at most; later requests wait for one (and that wait counts in their latency). */
  maxSockets?: number;
  /** Called for each finished request: when it was due (ms after the start) and its latency. */
  onLatency?: (dueMs: number, latencyMs: number) => void;
}

export interface PacedLoadResult {
  rate: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  achievedPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The value at quantile q of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** A POST request's bytes: request line, headers (Host, Content-Length, keep-alive) and body. */
export function requestBytes(host: string, path: string, headers: Record<string, string>, body: string): Buffer {
  const payload = Buffer.from(body);
  const lines = [
    `POST ${path} HTTP/1.1`,
    `host: ${host}`,
    'connection: keep-alive',
    `content-length: ${payload.length}`,
  ];
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() !== 'content-length') lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), payload]);
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/**
 * Reads HTTP/1.1 responses off one keep-alive socket: status line, then a body framed by Content-Length
 * or chunked transfer coding. Calls `done(status)` per complete response; returns false on a response
 * it cannot frame (the socket is then of no further use).
 */
export class ResponseReader {
  private buffer: Buffer = Buffer.alloc(0);
  private status = 0;
  /** Body bytes still to skip (Content-Length), or -1 while reading chunks, or undefined between responses. */
  private remaining: number | undefined;

  constructor(private readonly done: (status: number) => void) {}

  push(chunk: Buffer): boolean {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.remaining === undefined) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) return true;
        const head = this.buffer.subarray(0, end).toString('latin1');
        this.buffer = this.buffer.subarray(end + 4);
        this.status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        if (length) this.remaining = Number(length[1]);
        else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) this.remaining = -1;
        else if (this.status === 204 || this.status === 304) this.remaining = 0;
        else return false;
      }
      if (this.remaining >= 0) {
        if (this.buffer.length < this.remaining) {
          this.remaining -= this.buffer.length;
          this.buffer = Buffer.alloc(0);
          return true;
        }
        this.buffer = this.buffer.subarray(this.remaining);
        this.remaining = undefined;
        this.done(this.status);
        continue;
      }
      // chunked: <size hex>\r\n<data>\r\n ... 0\r\n\r\n (no trailers expected)
      const lineEnd = this.buffer.indexOf(CRLF);
      if (lineEnd < 0) return true;
      const size = parseInt(this.buffer.subarray(0, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) return false;
      const need = lineEnd + 2 + size + 2;
      if (this.buffer.length < need) return true;
      this.buffer = this.buffer.subarray(need);
      if (size === 0) {
        this.remaining = undefined;
        this.done(this.status);
      }
    }
  }
}

interface Conn {
  socket: net.Socket;
  reader: ResponseReader;
  /** When the request on this socket was due; undefined while the socket is idle. */
  due: number | undefined;
  alive: boolean;
}

export async function pacedLoad(o: PacedLoadOptions): Promise<PacedLoadResult> {
  const target = new URL(o.url);
  const port = Number(target.port || 80);
  const requests = o.bodies.length
    ? o.bodies.map((b) => requestBytes(target.host, target.pathname, o.headers, b))
    : [requestBytes(target.host, target.pathname, o.headers, '{}')];
  const maxSockets = o.maxSockets ?? 256;
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let finished = 0;
  const total = Math.round(o.rate * o.durationSeconds);
  const interval = 1000 / o.rate;
  const idle: Conn[] = [];
  const all = new Set<Conn>();
  /** Requests due but waiting for a socket: [due, request index]. */
  const waiting: Array<[number, number]> = [];
  let lastDone = performance.now();
  let allDone: () => void = () => undefined;
  const finishedAll = new Promise<void>((resolve) => (allDone = resolve));

  const complete = (due: number, outcome: 'ok' | 'non2xx' | 'error'): void => {
    const now = performance.now();
    lastDone = now;
    latencies.push(now - due);
    o.onLatency?.(due - start, now - due);
    if (outcome === 'ok') ok++;
    else if (outcome === 'non2xx') non2xx++;
    else errors++;
    finished++;
    if (finished === total) allDone();
  };

  const send = (conn: Conn, due: number, index: number): void => {
    conn.due = due;
    conn.socket.write(requests[index % requests.length]!);
  };

  const release = (conn: Conn): void => {
    const next = waiting.shift();
    if (next) send(conn, next[0], next[1]);
    else idle.push(conn);
  };

  const open = (): Conn => {
    const socket = net.connect({ host: target.hostname, port, noDelay: true });
    const reader = new ResponseReader((status) => {
      const due = conn.due;
      conn.due = undefined;
      if (due !== undefined) complete(due, status >= 200 && status < 300 ? 'ok' : 'non2xx');
      release(conn);
    });
    const conn: Conn = { socket, reader, due: undefined, alive: true };
    all.add(conn);
    const fail = (): void => {
      if (!conn.alive) return;
      conn.alive = false;
      all.delete(conn);
      const at = idle.indexOf(conn);
      if (at >= 0) idle.splice(at, 1);
      if (conn.due !== undefined) complete(conn.due, 'error');
      conn.due = undefined;
      socket.destroy();
      // a request still waiting gets a fresh socket
      const next = waiting.shift();
      if (next && sent <= total) dispatch(next[0], next[1]);
    };
    socket.on('data', (chunk: Buffer) => {
      if (!conn.reader.push(chunk)) fail();
    });
    socket.on('error', fail);
    socket.on('close', fail);
    return conn;
  };

  const dispatch = (due: number, index: number): void => {
    const conn = idle.pop() ?? (all.size < maxSockets ? open() : undefined);
    if (conn) send(conn, due, index);
    else waiting.push([due, index]);
  };

  const start = performance.now();
  while (sent < total) {
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) {
      dispatch(start + sent * interval, sent);
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  if (total > 0) await finishedAll;
  for (const conn of all) {
    conn.alive = false;
    conn.socket.destroy();
  }
  latencies.sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    rate: o.rate,
    sent,
    ok,
    non2xx,
    errors,
    achievedPerSecond: Math.round((ok * 1000) / Math.max(1, lastDone - start)),
    p50Ms: round(quantile(latencies, 0.5)),
    p90Ms: round(quantile(latencies, 0.9)),
    p99Ms: round(quantile(latencies, 0.99)),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
  };
}
