import { Negotiator } from '@fastify/accept-negotiator';
import type { AnswerEncoding } from './answer-render';

/** Distinct `Accept-Encoding` values remembered; a client sends the same one on every call. */
const MAX_REMEMBERED = 256;

/** A Map that forgets everything once full, so odd headers cannot grow it without bound. */
class BoundedCache extends Map<string, string> {
  override set(key: string, value: string): this {
    if (this.size >= MAX_REMEMBERED) this.clear();
    return super.set(key, value);
  }
}

const negotiator = new Negotiator<AnswerEncoding>({ supportedValues: ['gzip', 'identity'], cache: new BoundedCache() });

/**
 * The encoding of the overview answer for a client's `Accept-Encoding` (RFC 9110 §12.5.3; coding names
 * are case-insensitive): gzip when the client takes it, else the bytes as they are. Without the header
 * the answer goes as it is, what every client can read.
 */
export function answerEncoding(acceptEncoding: string | undefined): AnswerEncoding {
  if (!acceptEncoding) return 'identity';
  return negotiator.negotiate(acceptEncoding.toLowerCase()) === 'gzip' ? 'gzip' : 'identity';
}
