import type { Duplex } from 'node:stream';
import { rawProblemResponse, ruleOfClientError } from './request-rules';

/**
 * The server's 'clientError' answer: Node's HTTP parser refused the request (headers over the limit,
 * not HTTP at all, too slow) before any framework saw it. Writes a problem+json answer and closes the
 * connection, unless an answer on this connection has already started or the peer is gone.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(ruleOfClientError(error.code)), () => socket.destroy());
}
