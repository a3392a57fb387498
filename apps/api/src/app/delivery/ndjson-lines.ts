import { createHash, type Hash } from 'node:crypto';

/** One source line of an NDJSON body: its text, or, when it is longer than the limit, only its start. */
export type NdjsonLine =
  | { line: number; text: string }
  | { line: number; tooLong: { bytes: number; head: string; rawHash: string } };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const HEAD_BYTES = 200;

/**
 * Splits an NDJSON byte stream into lines without ever holding more than `maxLineBytes` of one line:
 * once a line passes the limit its bytes are only hashed (for matching a re-sent body) and dropped
 * until the next newline. `\r\n` ends a line like `\n`. Call `push` per chunk and `end` at the end.
 */
export class NdjsonLineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private lineNo = 0;
  private overflow: { bytes: number; head: Buffer; hash: Hash } | null = null;
  /** The most bytes of one line held at any time (never more than the limit). */
  peakHeldBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): NdjsonLine[] {
    const out: NdjsonLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) {
        if (start < chunk.length) this.take(chunk.subarray(start));
        return out;
      }
      this.take(chunk.subarray(start, nl));
      out.push(this.finish());
      start = nl + 1;
    }
  }

  /** The last line when the body did not end with a newline (none when it did). */
  end(): NdjsonLine[] {
    return this.held > 0 || this.overflow ? [this.finish()] : [];
  }

  private take(piece: Buffer): void {
    if (!piece.length) return;
    if (this.overflow) {
      this.overflow.bytes += piece.length;
      this.overflow.hash.update(piece);
      return;
    }
    if (this.held + piece.length <= this.maxLineBytes) {
      this.parts.push(piece);
      this.held += piece.length;
      this.peakHeldBytes = Math.max(this.peakHeldBytes, this.held);
      return;
    }
    const hash = createHash('sha256');
    for (const p of this.parts) hash.update(p);
    hash.update(piece);
    const head = Buffer.concat([...this.parts, piece.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
    this.overflow = { bytes: this.held + piece.length, head: Buffer.from(head), hash };
    this.parts = [];
    this.held = 0;
  }

  private finish(): NdjsonLine {
    const line = ++this.lineNo;
    if (this.overflow) {
      const { bytes, head, hash } = this.overflow;
      this.overflow = null;
      return { line, tooLong: { bytes, head: head.toString('utf8'), rawHash: hash.digest('hex') } };
    }
    let buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.held = 0;
    if (buf.length && buf[buf.length - 1] === CARRIAGE_RETURN) buf = buf.subarray(0, buf.length - 1);
    return { line, text: buf.toString('utf8') };
  }
}

/** The lines of a readable byte stream; throws when the stream is cut off before its end. */
export async function* ndjsonLines(
  stream: AsyncIterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine[]> {
  const splitter = new NdjsonLineSplitter(maxLineBytes);
  for await (const chunk of stream) {
    const lines = splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (lines.length) yield lines;
  }
  const last = splitter.end();
  if (last.length) yield last;
}
