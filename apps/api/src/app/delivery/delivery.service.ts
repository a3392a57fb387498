import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import {
  AUTH_RULES,
  type AuthRuleId,
  type DeliveryItem,
  deliveryItemSchema,
  schemaViolations,
  type RuleViolation,
  canonicalHash,
  canonicalJson,
} from '@overblik/domain';
import { type IngestJobPayload, IngestQueueProducer, ingestJobsFor } from '@overblik/jobs';
import {
  type AcceptResult,
  type DeliveryState,
  InboxRepository,
  type InboxItem,
  inboxItemOf,
  jsonbSafe,
  OwnershipRepository,
  type StreamClaim,
  StreamClaimLostError,
} from '@overblik/persistence';
import {
  APP_CONFIG,
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_RULE,
  isDatabaseUnavailable,
  jsonNestingExceeds,
  MAX_JSON_DEPTH,
  problem,
  type ProblemException,
} from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import type { VendorPrincipal } from '../auth/vendor-auth.guard';

import { type NdjsonLine, ndjsonLines } from './ndjson-lines';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
/** Lines per committed chunk of a stream, and the most bytes of line text a chunk holds before it is committed. */
const STREAM_CHUNK = 2000;
const STREAM_CHUNK_BYTES = 8 * 1024 * 1024;
/** The longest NDJSON line; a longer one is rejected without being held whole. */
export const MAX_LINE_BYTES = 1_000_000;
/** What a streamed delivery's `body_hash` says: its body is compared line by line (delivery_item.line_hash). */
const STREAM_BODY_HASH = 'ndjson-lines';

/** One source line as read: its canonical hash, and what it holds. */
interface ReadLine {
  line: number;
  hash: string;
  bytes: number;
  content:
    | { kind: 'blank' }
    | { kind: 'json'; value: unknown }
    | { kind: 'text'; text: string }
    | { kind: 'too-deep'; text: string }
    | { kind: 'too-long'; head: string };
}

/** The request body ended before its end (the client went away). */
class StreamCutError extends Error {}

interface Denial {
  index: number;
  rule: AuthRuleId;
  field: string;
  message: string;
}

export interface Accepted {
  replayed: boolean;
  body: { deliveryId: string; itemCount: number; status: string; state: DeliveryState; committedLines: number };
}

/** Vendor delivery intake: validate structure and ownership, commit to the inbox, then enqueue. */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly inbox: InboxRepository,
    private readonly ownership: OwnershipRepository,
    private readonly queue: IngestQueueProducer,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
  ) {}

  checkIdempotencyKey(key: string | undefined): string | null {
    if (key === undefined) return null;
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw problem(400, 'idempotency-key-invalid', 'Idempotency-Key must be 8–128 characters of A–Z a–z 0–9 _ . : -', {
        violations: [{ rule: 'IDEMPOTENCY-KEY', pointer: '/headers/idempotency-key', message: 'invalid format' }],
      });
    }
    return key;
  }

  /** A batch is all or nothing: one bad item refuses the whole request and nothing is written. */
  async acceptBatch(vendor: VendorPrincipal, body: unknown, idempotencyKey: string | null): Promise<Accepted> {
    const items = this.parseEnvelope(body);
    const violations: RuleViolation[] = [];
    const parsed: DeliveryItem[] = [];
    items.forEach((raw, i) => {
      const result = deliveryItemSchema.safeParse(raw);
      if (result.success) parsed.push(result.data);
      else violations.push(...schemaViolations(result.error, `/items/${i}`));
    });
    if (violations.length) {
      throw problem(422, 'delivery-invalid', 'The delivery breaks the delivery schema; nothing was stored', {
        detail: `${violations.length} violation(s)`,
        violations: violations.slice(0, 100).map(({ rule, pointer, message }) => ({ rule, pointer, message })),
      });
    }
    const denied = await this.authorise(vendor, parsed);
    if (denied.length) {
      throw problem(
        403,
        'delivery-forbidden',
        'The fagsystem may not write some of these objects; nothing was stored',
        {
          violations: denied
            .slice(0, 100)
            .map((d) => ({ rule: d.rule, pointer: `/items/${d.index}${d.field}`, message: d.message })),
        },
      );
    }
    const result = await this.inbox.acceptBatch(
      {
        id: randomUUID(),
        fagsystemId: vendor.fagsystemId,
        idempotencyKey,
        bodyHash: canonicalHash(body),
        transport: 'batch',
      },
      parsed.map(inboxItemOf),
    );
    if (result.outcome === 'accepted') await this.enqueue(ingestJobsFor(result.deliveryId, 0, result.itemCount));
    return this.answer(result);
  }

  /**
   * NDJSON initial load: one delivery item per line. Lines are committed to the inbox in chunks as they
   * arrive and enqueued at once; a line that is not valid is stored as a rejected item with its rule.
   * With an Idempotency-Key the load can be retried: the body's first line is source line
   * `resumeAfter + 1` (0: the whole body again); lines already committed must be the same lines (by
   * canonical hash) and are skipped, later ones are appended. Only a body read to its end completes
   * the delivery; one cut off is `incomplete` with what was committed.
   */
  async acceptStream(
    vendor: VendorPrincipal,
    stream: Readable,
    idempotencyKey: string | null,
    resumeAfter = 0,
  ): Promise<Accepted> {
    const runner = await this.inbox.streamRunner();
    let claim: StreamClaim | null = null;
    const progress = { committedLines: 0 };
    try {
      const claimed = await this.inbox.claimStream(runner, {
        id: randomUUID(),
        fagsystemId: vendor.fagsystemId,
        idempotencyKey,
        bodyHash: STREAM_BODY_HASH,
        transport: 'stream',
      });
      if (claimed.outcome === 'idempotency-conflict') {
        await drain(stream);
        throw problem(422, 'idempotency-key-reused', 'This Idempotency-Key was used for a batch delivery', {
          deliveryId: claimed.deliveryId,
        });
      }
      if (claimed.outcome === 'busy') {
        await drain(stream);
        throw problem(409, 'stream-in-progress', 'Another request is writing this stream; retry when it has ended', {
          deliveryId: claimed.deliveryId,
          committedLines: claimed.committedLines,
        });
      }
      claim = claimed.claim;
      progress.committedLines = claim.committedLines;
      return await this.writeStream(vendor, stream, claim, resumeAfter, progress);
    } catch (e) {
      if (e instanceof HttpException) {
        // a refusal in the middle of the body: read the rest (the line reader has let go of the stream by
        // now, so it flows), or the client, still sending, never gets the answer
        await drain(stream);
        throw e;
      }
      const deliveryId = claim?.deliveryId;
      if (e instanceof StreamCutError) {
        throw problem(400, 'stream-cut', 'The body ended before its end; retry with the same Idempotency-Key', {
          deliveryId,
          committedLines: progress.committedLines,
        });
      }
      if (e instanceof StreamClaimLostError) {
        throw problem(409, 'stream-taken-over', 'Another request took this stream over; follow its answer', {
          deliveryId,
          committedLines: progress.committedLines,
        });
      }
      this.logger.error({ err: e instanceof Error ? e.message : String(e), deliveryId }, 'stream interrupted');
      const unavailable = isDatabaseUnavailable(e)
        ? { rule: DATABASE_UNAVAILABLE_RULE, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS }
        : {};
      throw problem(
        503,
        'stream-interrupted',
        'The load was interrupted; what was committed is kept: retry with the same Idempotency-Key',
        { deliveryId, committedLines: progress.committedLines, ...unavailable },
      );
    } finally {
      await this.inbox
        .releaseStream(runner, claim)
        .catch((e: unknown) =>
          this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'stream release failed'),
        );
    }
  }

  private async writeStream(
    vendor: VendorPrincipal,
    stream: Readable,
    claim: StreamClaim,
    resumeAfter: number,
    progress: { committedLines: number },
  ): Promise<Accepted> {
    const { deliveryId } = claim;
    if (resumeAfter > claim.committedLines) {
      await drain(stream);
      throw problem(
        409,
        'stream-resume-gap',
        `Lines ${claim.committedLines + 1} to ${resumeAfter} were never committed; resume after line ${claim.committedLines}`,
        {
          deliveryId,
          committedLines: claim.committedLines,
          violations: [
            {
              rule: 'STREAM-RESUME-GAP',
              pointer: '/headers/stream-resume-after',
              message: `at most ${claim.committedLines}`,
            },
          ],
        },
      );
    }
    let seq = claim.itemCount;
    let overlap: ReadLine[] = [];
    let pending: ReadLine[] = [];
    let pendingBytes = 0;
    let consumed = claim.committedLines;
    let lastLine = resumeAfter;
    let queueing = true;
    const matchOverlap = async (): Promise<void> => {
      if (!overlap.length) return;
      const conflict = await this.firstConflict(claim, overlap);
      overlap = [];
      if (conflict !== null) {
        throw lineConflict(deliveryId, conflict, 'differs from the line committed under this Idempotency-Key');
      }
    };
    const flush = async (): Promise<void> => {
      if (!pending.length && consumed === progress.committedLines) return;
      const items = await this.streamItems(vendor, pending);
      await this.inbox.appendStreamItems(claim, seq, items, consumed);
      // after one failed enqueue the rest of this stream waits for the sweeper, not for Redis chunk by chunk
      if (items.length && queueing) queueing = await this.enqueue(ingestJobsFor(deliveryId, seq, seq + items.length));
      seq += items.length;
      progress.committedLines = consumed;
      pending = [];
      pendingBytes = 0;
    };
    for await (const batch of ndjsonLines(bytesOf(stream), MAX_LINE_BYTES)) {
      for (const source of batch) {
        const read = readLine(source, resumeAfter + source.line);
        lastLine = read.line;
        if (read.line <= claim.committedLines) {
          overlap.push(read);
          if (overlap.length >= STREAM_CHUNK) await matchOverlap();
          continue;
        }
        await matchOverlap();
        if (claim.state === 'complete') {
          throw lineConflict(
            deliveryId,
            read.line,
            `the delivery under this Idempotency-Key is complete and ends at line ${claim.committedLines}`,
          );
        }
        consumed = read.line;
        if (read.content.kind === 'blank') continue;
        pending.push(read);
        pendingBytes += read.bytes;
        if (pending.length >= STREAM_CHUNK || pendingBytes >= STREAM_CHUNK_BYTES) await flush();
      }
    }
    await matchOverlap();
    if (lastLine < claim.committedLines) {
      throw lineConflict(
        deliveryId,
        lastLine + 1,
        `the body ends at line ${lastLine} but ${claim.committedLines} lines are committed under this Idempotency-Key`,
      );
    }
    if (claim.state === 'complete') {
      return this.answer({ outcome: 'duplicate', deliveryId, itemCount: claim.itemCount }, 'complete', lastLine);
    }
    await flush();
    await this.inbox.completeStream(claim, seq, lastLine);
    progress.committedLines = lastLine;
    const nothingNew = !claim.created && seq === claim.itemCount && lastLine === claim.committedLines;
    return this.answer(
      { outcome: nothingNew ? 'duplicate' : 'accepted', deliveryId, itemCount: seq },
      'complete',
      lastLine,
    );
  }

  /** The first of these re-sent lines that is not the line committed at its number, or null. */
  private async firstConflict(claim: StreamClaim, lines: ReadLine[]): Promise<number | null> {
    const first = lines[0]!.line;
    const stored = await this.inbox.streamLineHashes(claim.deliveryId, first, lines[lines.length - 1]!.line);
    for (const read of lines) {
      const hash = stored.get(read.line);
      if (read.content.kind === 'blank' ? hash !== undefined : hash !== read.hash) return read.line;
    }
    return null;
  }

  private async streamItems(vendor: VendorPrincipal, lines: ReadLine[]): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    const valid: Array<{ index: number; line: number; item: DeliveryItem }> = [];
    for (const read of lines) {
      const { line, content } = read;
      const pointer = `/lines/${line}`;
      const at = { line, lineHash: read.hash };
      if (content.kind === 'blank') continue;
      if (content.kind === 'too-long') {
        items.push({
          ...rejectedLine(
            { truncated: content.head },
            'NDJSON-LINE-TOO-LONG',
            pointer,
            `a line may hold at most ${MAX_LINE_BYTES} bytes`,
          ),
          ...at,
        });
        continue;
      }
      if (content.kind === 'too-deep') {
        items.push({
          ...rejectedLine(
            { line: content.text.slice(0, 1000) },
            'NDJSON-JSON-TOO-DEEP',
            pointer,
            `arrays and objects nest at most ${MAX_JSON_DEPTH} deep`,
          ),
          ...at,
        });
        continue;
      }
      if (content.kind === 'text') {
        items.push({
          ...rejectedLine(
            { line: content.text.slice(0, 1000) },
            'NDJSON-INVALID-JSON',
            pointer,
            'the line is not valid JSON',
          ),
          ...at,
        });
        continue;
      }
      const result = deliveryItemSchema.safeParse(content.value);
      if (!result.success) {
        const [first] = schemaViolations(result.error, pointer);
        items.push({
          ...rejectedLine(
            content.value,
            first?.rule ?? 'SCHEMA',
            first?.pointer ?? pointer,
            first?.message ?? 'does not match the delivery schema',
          ),
          ...at,
        });
        continue;
      }
      valid.push({ index: items.length, line, item: result.data });
      items.push({ ...inboxItemOf(result.data), ...at });
    }
    for (const d of await this.authorise(
      vendor,
      valid.map((v) => v.item),
    )) {
      const target = valid[d.index];
      const item = target && items[target.index];
      if (target && item)
        item.rejected = { rule: d.rule, pointer: `/lines/${target.line}${d.field}`, message: d.message };
    }
    return items;
  }

  /**
   * Ownership: the token's fagsystem must be the sender (itSystem.afsender) and master of each object, and
   * connected to its owner (Ejer CVR).
   */
  private async authorise(vendor: VendorPrincipal, items: DeliveryItem[]): Promise<Denial[]> {
    if (!items.length) return [];
    const connected = await this.ownership.deliveringMunicipalities(vendor.fagsystemId);
    const existing = new Map((await this.ownership.owners(items.map((i) => i.object.uuid))).map((o) => [o.id, o]));
    const denied: Denial[] = [];
    items.forEach((item, index) => {
      const known = existing.get(item.object.uuid);
      if (item.object.itSystem.afsender !== vendor.fagsystemId) {
        denied.push({
          index,
          rule: 'AUTH-AFSENDER-MISMATCH',
          field: '/object/itSystem/afsender',
          message: AUTH_RULES['AUTH-AFSENDER-MISMATCH'].en,
        });
      } else if (item.object.itSystem.master !== vendor.fagsystemId) {
        denied.push({
          index,
          rule: 'AUTH-NOT-MASTER',
          field: '/object/itSystem/master',
          message: "the token's fagsystem must be the object's master system",
        });
      } else if (!connected.has(item.object.ejer.cvr)) {
        denied.push({
          index,
          rule: 'AUTH-OWNER-NOT-CONNECTED',
          field: '/object/ejer/cvr',
          message: 'the fagsystem is not connected to this municipality',
        });
      } else if (known && known.masterFagsystem !== vendor.fagsystemId) {
        denied.push({
          index,
          rule: 'AUTH-OBJECT-OWNED-ELSEWHERE',
          field: '/object/uuid',
          message: 'another fagsystem is master of this object',
        });
      } else if (known && !connected.has(known.ownerCvr)) {
        denied.push({
          index,
          rule: 'AUTH-OWNER-NOT-CONNECTED',
          field: '/object/uuid',
          message: 'the object belongs to a municipality the fagsystem is not connected to',
        });
      }
    });
    return denied;
  }

  /** The status of the fagsystem's delivery with this id: its items with seq greater than `after` (-1: from the first). */
  async status(vendor: VendorPrincipal, id: string, after: number, limit: number) {
    const status = await this.inbox.status(id, vendor.fagsystemId, after, limit);
    if (!status) throw problem(404, 'delivery-not-found', 'No such delivery for this fagsystem');
    return status;
  }

  /** The status (without items) of the fagsystem's delivery sent with this Idempotency-Key. */
  async statusByKey(vendor: VendorPrincipal, idempotencyKey: string | undefined) {
    const key = this.checkIdempotencyKey(idempotencyKey);
    const id = key && (await this.inbox.findIdByIdempotencyKey(vendor.fagsystemId, key));
    const status = id ? await this.inbox.status(id, vendor.fagsystemId, -1, 0) : undefined;
    if (!status) throw problem(404, 'delivery-not-found', 'No delivery of this fagsystem has this Idempotency-Key');
    return status;
  }

  /** The fagsystem's dead letters with an id greater than `after`. */
  async deadLetters(vendor: VendorPrincipal, after: string, limit: number) {
    return { items: await this.inbox.deadLetters(vendor.fagsystemId, after, limit) };
  }

  /**
   * Replay dead letters as a new delivery. The ownership rules run again first: a dead letter that the
   * token's fagsystem may not write (e.g. a streamed line refused AUTH-AFSENDER-MISMATCH) refuses the
   * replay with 403 and nothing is replayed.
   */
  async replay(
    vendor: VendorPrincipal,
    ids: string[],
  ): Promise<{ deliveryId: string; itemCount: number; status: string }> {
    const letters = await this.inbox.deadLetterPayloads(vendor.fagsystemId, ids);
    const parsed = letters.flatMap((l) => {
      const result = deliveryItemSchema.safeParse(l.payload);
      return result.success ? [{ id: l.id, item: result.data }] : [];
    });
    const denied = await this.authorise(
      vendor,
      parsed.map((p) => p.item),
    );
    if (denied.length) {
      const position = (id: string | undefined): number =>
        ids.findIndex((x) => id !== undefined && BigInt(x) === BigInt(id));
      throw problem(
        403,
        'replay-forbidden',
        'The fagsystem may not write some of these objects; nothing was replayed',
        {
          violations: denied.slice(0, 100).map((d) => ({
            rule: d.rule,
            pointer: `/ids/${position(parsed[d.index]?.id)}`,
            message: `${d.message} (${d.field})`,
          })),
        },
      );
    }
    const replayed = await this.inbox.replayDeadLetters(vendor.fagsystemId, ids, randomUUID());
    if (!replayed) throw problem(404, 'dead-letters-not-found', 'None of these dead letters is waiting for replay');
    await this.enqueue(ingestJobsFor(replayed.deliveryId, 0, replayed.itemCount));
    return { ...replayed, status: `/v1/deliveries/${replayed.deliveryId}` };
  }

  private parseEnvelope(body: unknown): unknown[] {
    const items = (body as { items?: unknown } | null)?.items;
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(items)) {
      throw problem(422, 'delivery-invalid', 'The body must be an object with an array "items"', {
        violations: [{ rule: 'DELIVERY-ENVELOPE', pointer: '/items', message: 'expected an array of delivery items' }],
      });
    }
    if (items.length < 1 || items.length > this.config.DELIVERY_MAX_ITEMS) {
      throw problem(
        422,
        'delivery-size',
        `A delivery holds 1 to ${this.config.DELIVERY_MAX_ITEMS} items; use the NDJSON stream for larger loads`,
        {
          violations: [{ rule: 'DELIVERY-SIZE', pointer: '/items', message: `${items.length} items` }],
        },
      );
    }
    return items;
  }

  /**
   * Enqueue jobs for committed inbox rows; false when that failed or gave up (ENQUEUE_TIMEOUT_MS). The
   * delivery is accepted either way: the inbox holds the items and the sweeper enqueues them later.
   */
  private async enqueue(jobs: IngestJobPayload[]): Promise<boolean> {
    try {
      await this.queue.enqueue(jobs);
      return true;
    } catch (e) {
      this.logger.warn(
        { err: e instanceof Error ? e.message : String(e), jobs: jobs.length },
        'enqueue failed; the sweeper will pick the items up',
      );
      return false;
    }
  }

  private answer(result: AcceptResult, state: DeliveryState = 'complete', committedLines?: number): Accepted {
    if (result.outcome === 'idempotency-conflict') {
      throw problem(422, 'idempotency-key-reused', 'This Idempotency-Key was used for a different body', {
        deliveryId: result.deliveryId,
      });
    }
    return {
      replayed: result.outcome === 'duplicate',
      body: {
        deliveryId: result.deliveryId,
        itemCount: result.itemCount,
        status: `/v1/deliveries/${result.deliveryId}`,
        state,
        committedLines: committedLines ?? result.itemCount,
      },
    };
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A source line with the hash of its canonical form (JSON with sorted keys; otherwise its bytes). */
function readLine(source: NdjsonLine, line: number): ReadLine {
  if ('tooLong' in source) {
    return {
      line,
      hash: hashOf(`bytes\n${source.tooLong.rawHash}`),
      bytes: source.tooLong.head.length,
      content: { kind: 'too-long', head: source.tooLong.head },
    };
  }
  const { text } = source;
  if (!text.trim()) return { line, hash: '', bytes: 0, content: { kind: 'blank' } };
  // refused before parsing: the canonical hash walks the value recursively
  if (jsonNestingExceeds(text)) {
    return { line, hash: hashOf(`text\n${text}`), bytes: text.length, content: { kind: 'too-deep', text } };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, hash: hashOf(`text\n${text}`), bytes: text.length, content: { kind: 'text', text } };
  }
  return { line, hash: hashOf(`json\n${canonicalJson(value)}`), bytes: text.length, content: { kind: 'json', value } };
}

function lineConflict(deliveryId: string, line: number, message: string): ProblemException {
  return problem(422, 'idempotency-key-reused', 'This Idempotency-Key was used for a different body', {
    deliveryId,
    violations: [{ rule: 'STREAM-LINE-CONFLICT', pointer: `/lines/${line}`, message: `line ${line} ${message}` }],
  });
}

/** The request body's chunks; a body cut off before its end throws StreamCutError. Leaving early does not destroy it. */
async function* bytesOf(stream: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    }
  } catch (e) {
    throw new StreamCutError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Read the rest of a body we will not use, so the answer reaches a client that is still sending. Not while
 * an iterator reads the stream: its 'readable' listener keeps `resume()` from making the stream flow.
 */
async function drain(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return;
  stream.resume();
  await finished(stream).catch(() => undefined);
}

function rejectedLine(payload: unknown, rule: string, pointer: string, message: string): InboxItem {
  const obj = (payload as { object?: { uuid?: unknown; objectType?: unknown } } | null)?.object;
  const uuid =
    typeof obj?.uuid === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(obj.uuid)
      ? obj.uuid
      : null;
  return {
    objectId: uuid,
    kind: null,
    operation: null,
    sourceTidspunkt: null,
    payload: jsonbSafe(payload),
    rejected: { rule, pointer, message },
  };
}
