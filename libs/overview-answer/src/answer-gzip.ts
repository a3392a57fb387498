import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { CompressedCitizenPart } from '@overblik/persistence';

/**
 * The answer gzip-compressed on every call without compressing anything on the call's path.
 *
 * A gzip member is a 10-byte header, a raw deflate stream and a trailer of the CRC-32 and the length of
 * the uncompressed bytes (RFC 1952). A deflate stream is a run of blocks, and a compressor that ends its
 * output with a sync flush leaves it byte-aligned and open, so another compressor's blocks can follow it
 * (they refer to nothing before themselves). The answer's two parts (see `answer-render.ts`) are
 * compressed apart, each when it is rendered:
 * - the citizen's part without its closing brace, once when it is rendered, stored compressed;
 * - the coverage tail (`,"daekning":{…}}`), once per configuration snapshot and scope, ended as the
 *   final block.
 * A call joins header, part, tail and trailer. The CRC-32 of the whole is the tail's CRC-32 continued
 * from the part's (a CRC is a running value), so only the tail's few bytes are read per call.
 */
export type { CompressedCitizenPart };

/** The end of a sync flush: an empty stored block, which leaves the stream byte-aligned. */
const SYNC_FLUSH_END = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** No file name or time, deflate, compressor unknown (RFC 1952 §2.3). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);

/**
 * zlib's default level: on the benchmark's answers level 9 is barely smaller and clearly slower, level 1
 * clearly larger (docs/performance.md).
 */
const LEVEL = 6;

/** Compress a rendered citizen part (JSON text of an object) for storing. */
export function compressCitizenPart(json: string): CompressedCitizenPart {
  if (!json.endsWith('}')) throw new Error('not a rendered citizen part');
  const head = Buffer.from(json.slice(0, -1), 'utf8');
  return {
    deflate: deflateRawSync(head, { level: LEVEL, finishFlush: constants.Z_SYNC_FLUSH }),
    crc32: crc32(head),
    length: head.length,
  };
}

/** A stored part as it was compressed: the deflate must end open and byte-aligned, or no tail can follow it. */
function checked(part: CompressedCitizenPart): CompressedCitizenPart {
  if (
    part.deflate.length < SYNC_FLUSH_END.length ||
    !part.deflate.subarray(-SYNC_FLUSH_END.length).equals(SYNC_FLUSH_END)
  ) {
    throw new Error('not a compressed citizen part: it does not end with a sync flush');
  }
  return part;
}

/** The part's bytes without the closing brace, decompressed (for a client that takes no gzip). */
export function citizenPartHead(part: CompressedCitizenPart): Buffer {
  return inflateRawSync(checked(part).deflate, { finishFlush: constants.Z_SYNC_FLUSH });
}

/** The tail's bytes and their deflate stream, final block included. */
export interface CompressedTail {
  bytes: Buffer;
  deflate: Buffer;
}

export function compressTail(bytes: Buffer): CompressedTail {
  return { bytes, deflate: deflateRawSync(bytes, { level: LEVEL }) };
}

/** One gzip member of the part followed by the tail: what gunzip gives is the part's head and the tail's bytes. */
export function gzipJoined(part: CompressedCitizenPart, tail: CompressedTail): Buffer {
  const { deflate } = checked(part);
  const out = Buffer.allocUnsafe(GZIP_HEADER.length + deflate.length + tail.deflate.length + 8);
  let at = GZIP_HEADER.copy(out, 0);
  at += deflate.copy(out, at);
  at += tail.deflate.copy(out, at);
  out.writeUInt32LE(crc32(tail.bytes, part.crc32), at);
  out.writeUInt32LE((part.length + tail.bytes.length) % 2 ** 32, at + 4);
  return out;
}
