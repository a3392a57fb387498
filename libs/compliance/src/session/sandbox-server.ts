import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalHash } from '@overblik/domain';
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  type ProblemDetails,
  requestRuleProblem,
  ruleOfProblem,
  TokenError,
  tokenProblem,
} from '@overblik/platform';
import type { SandboxAnswer, SandboxSession, StreamLine } from './sandbox-session';
import type { SessionCredentials } from './session-token';

export interface SandboxServerOptions {
  /** 0: an ephemeral port. */
  port?: number;
  host?: string;
  /** The largest body taken (bytes); default 64 MiB. */
  maxBodyBytes?: number;
}

export interface SandboxServer {
  /** The base URL the vendor points its system at. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class BodyTooLarge extends Error {}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function sendProblem(res: ServerResponse, body: ProblemDetails): void {
  const text = JSON.stringify({ ...body, rule: ruleOfProblem(body) });
  res.writeHead(body.status, {
    'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

const problemOf = (
  status: number,
  type: string,
  title: string,
  extra: Record<string, unknown> = {},
): ProblemDetails => ({ ...extra, type: PROBLEM_TYPE_BASE + type, title, status });

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

const mediaType = (req: IncomingMessage): string =>
  (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/** The NDJSON lines of a body, numbered from 1; blank lines are skipped. */
function streamLines(body: Buffer): StreamLine[] {
  const out: StreamLine[] = [];
  body
    .toString('utf8')
    .split('\n')
    .forEach((raw, i) => {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (!text.trim()) return;
      try {
        out.push({ line: i + 1, value: JSON.parse(text) as unknown });
      } catch {
        out.push({ line: i + 1, invalid: text.slice(0, 1000) });
      }
    });
  return out;
}

/**
 * The sandbox: the intake paths of the api (`POST /v1/deliveries`, `POST /v1/deliveries/stream`,
 * `GET /v1/deliveries/{id}`) with its status codes and problem+json, for the session's token only, every
 * delivery handled by the session; and `GET /session`, the progress as JSON.
 */
export async function startSandboxServer(
  session: SandboxSession,
  credentials: SessionCredentials,
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const limit = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const replies = new Map<string, { hash: string; answer: SandboxAnswer }>();

  const answerDelivery = (res: ServerResponse, answer: SandboxAnswer, replayed: boolean): void => {
    if (answer.status !== 202) {
      sendProblem(
        res,
        problemOf(answer.status, answer.problem, answer.title, {
          detail: `${answer.violations.length} violation(s)`,
          violations: answer.violations,
        }),
      );
      return;
    }
    const { delivery } = answer;
    const status = `/v1/deliveries/${delivery.id}`;
    send(
      res,
      202,
      {
        deliveryId: delivery.id,
        itemCount: delivery.itemCount,
        status,
        state: 'complete',
        committedLines: delivery.itemCount,
      },
      { Location: status, ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/session') return send(res, 200, session.progress());
    const isDeliveries = path === '/v1/deliveries' || path === '/v1/deliveries/stream';
    const statusMatch = /^\/v1\/deliveries\/([^/]+)$/.exec(path);
    if (!isDeliveries && !statusMatch) return sendProblem(res, requestRuleProblem('HTTP-ROUTE-UNKNOWN'));
    try {
      await credentials.verify(req.headers.authorization);
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      req.resume();
      return sendProblem(res, tokenProblem(e, 'The token lacks the scope delivery:write').problem);
    }
    if (req.method === 'GET' && statusMatch && path !== '/v1/deliveries/stream') {
      const id = statusMatch[1]!;
      if (!UUID.test(id)) return sendProblem(res, problemOf(400, 'id-invalid', 'The delivery id must be a UUID'));
      const delivery = session.delivery(id);
      if (!delivery)
        return sendProblem(res, problemOf(404, 'delivery-not-found', 'No such delivery for this fagsystem'));
      const counts = { pending: 0, applied: 0, rejected: 0, held: 0, stale: 0 };
      for (const item of delivery.items) if (item.state in counts) counts[item.state as keyof typeof counts]++;
      return send(res, 200, {
        id: delivery.id,
        fagsystemId: delivery.fagsystemId,
        transport: delivery.transport,
        receivedAt: delivery.receivedAt,
        state: 'complete',
        committedLines: delivery.itemCount,
        resumeAfterLine: null,
        complete: true,
        itemCount: delivery.itemCount,
        counts,
        items: delivery.items,
        nextAfter: null,
      });
    }
    if (req.method !== 'POST' || !isDeliveries)
      return sendProblem(res, problemOf(405, 'method-not-allowed', 'Method not allowed'));
    const stream = path === '/v1/deliveries/stream';
    const wanted = stream ? 'application/x-ndjson' : 'application/json';
    if (mediaType(req) !== wanted) {
      req.resume();
      return sendProblem(
        res,
        requestRuleProblem('HTTP-MEDIA-TYPE', {
          message: stream
            ? 'Send application/x-ndjson'
            : 'Send application/json (or application/x-ndjson to /v1/deliveries/stream)',
        }),
      );
    }
    const keyHeader = req.headers['idempotency-key'];
    const key = typeof keyHeader === 'string' ? keyHeader : undefined;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      req.resume();
      return sendProblem(
        res,
        problemOf(400, 'idempotency-key-invalid', 'Idempotency-Key must be 8–128 characters of A–Z a–z 0–9 _ . : -', {
          violations: [{ rule: 'IDEMPOTENCY-KEY', pointer: '/headers/idempotency-key', message: 'invalid format' }],
        }),
      );
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, limit);
    } catch (e) {
      if (e instanceof BodyTooLarge) return sendProblem(res, requestRuleProblem('HTTP-BODY-TOO-LARGE'));
      throw e;
    }
    let body: unknown;
    let lines: StreamLine[] = [];
    if (stream) lines = streamLines(raw);
    else {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendProblem(res, requestRuleProblem('HTTP-JSON-MALFORMED'));
      }
    }
    const hash = canonicalHash(stream ? lines : body);
    const scopedKey = key && `${stream ? 'stream' : 'batch'}:${key}`;
    const earlier = scopedKey ? replies.get(scopedKey) : undefined;
    if (earlier) {
      if (earlier.hash !== hash)
        return sendProblem(
          res,
          problemOf(422, 'idempotency-key-reused', 'This Idempotency-Key was used for a different body'),
        );
      return answerDelivery(res, earlier.answer, true);
    }
    const answer = stream ? session.receiveStream(lines) : session.receiveBatch(body);
    if (scopedKey && answer.status === 202) replies.set(scopedKey, { hash, answer });
    answerDelivery(res, answer, false);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendProblem(res, problemOf(500, 'internal', 'Internal error'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
