import type { Duplex } from 'node:stream';
import { rawProblemResponse, ruleOfClientError } from './request-rules';

/** How long a refused connection stays open to take in what the client still sends. */
const CLOSE_GRACE_MS = 2000;

/** Sockets already answered: Node's parser reports an error again for every later chunk. */
const answered = new WeakSet<Duplex>();

/**
 * The server's 'clientError' answer: Node's HTTP parser refused the request (headers over the limit,
 * not HTTP at all, too slow) before any framework saw it. Writes a problem+json answer and ends the
 * connection, unless an answer on it has already started or the peer is gone. The socket is destroyed
 * only after a grace period: closing it with the client's bytes still unread would reset the
 * connection, and the client could lose the answer.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (answered.has(socket)) return;
  answered.add(socket);
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(ruleOfClientError(error.code)));
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}
