import { createHash, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DeliveryItem, deliveryItemSchema, schemaViolations, type RuleViolation } from '@overblik/domain';
import { type IngestJobPayload, IngestQueueProducer, ingestJobsFor } from '@overblik/jobs';
import {
  type AcceptResult,
  InboxRepository,
  type InboxItem,
  inboxItemOf,
  OwnershipRepository,
} from '@overblik/persistence';
import { APP_CONFIG, problem } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import type { VendorPrincipal } from '../auth/vendor-auth.guard';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const STREAM_CHUNK = 2000;
const MAX_LINE_BYTES = 1_000_000;

interface Denial {
  index: number;
  rule: string;
  field: string;
  message: string;
}

export interface Accepted {
  replayed: boolean;
  body: { deliveryId: string; itemCount: number; status: string };
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
        bodyHash: hashOf(JSON.stringify(body)),
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
   */
  async acceptStream(vendor: VendorPrincipal, stream: Readable, idempotencyKey: string | null): Promise<Accepted> {
    const deliveryId = randomUUID();
    const opened = await this.inbox.openStream({
      id: deliveryId,
      fagsystemId: vendor.fagsystemId,
      idempotencyKey,
      bodyHash: 'streaming',
      transport: 'stream',
    });
    if (opened.outcome !== 'accepted') return this.answer(opened);
    const hash = createHash('sha256');
    let seq = 0;
    let pending: Array<{ line: number; raw: string }> = [];
    const flush = async (): Promise<void> => {
      if (!pending.length) return;
      const items = await this.streamItems(vendor, pending);
      await this.inbox.appendItems(deliveryId, seq, items);
      await this.enqueue(ingestJobsFor(deliveryId, seq, seq + items.length));
      seq += items.length;
      pending = [];
    };
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      lineNo++;
      hash.update(line).update('\n');
      if (!line.trim()) continue;
      pending.push({ line: lineNo, raw: line });
      if (pending.length >= STREAM_CHUNK) await flush();
    }
    await flush();
    await this.inbox.closeStream(deliveryId, seq, hash.digest('hex'));
    return this.answer({ outcome: 'accepted', deliveryId, itemCount: seq });
  }

  private async streamItems(
    vendor: VendorPrincipal,
    lines: Array<{ line: number; raw: string }>,
  ): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    const valid: Array<{ index: number; line: number; item: DeliveryItem }> = [];
    for (const { line, raw } of lines) {
      const pointer = `/lines/${line}`;
      if (Buffer.byteLength(raw) > MAX_LINE_BYTES) {
        items.push(
          rejectedLine(
            { truncated: raw.slice(0, 200) },
            'NDJSON-LINE-TOO-LONG',
            pointer,
            `a line may hold at most ${MAX_LINE_BYTES} bytes`,
          ),
        );
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        items.push(
          rejectedLine({ line: raw.slice(0, 1000) }, 'NDJSON-INVALID-JSON', pointer, 'the line is not valid JSON'),
        );
        continue;
      }
      const result = deliveryItemSchema.safeParse(json);
      if (!result.success) {
        const [first] = schemaViolations(result.error, pointer);
        items.push(
          rejectedLine(
            json,
            first?.rule ?? 'SCHEMA',
            first?.pointer ?? pointer,
            first?.message ?? 'does not match the delivery schema',
          ),
        );
        continue;
      }
      valid.push({ index: items.length, line, item: result.data });
      items.push(inboxItemOf(result.data));
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

  /** Ownership: the token's fagsystem must be master of each object, connected to its owner (Ejer CVR). */
  private async authorise(vendor: VendorPrincipal, items: DeliveryItem[]): Promise<Denial[]> {
    if (!items.length) return [];
    const connected = await this.ownership.deliveringMunicipalities(vendor.fagsystemId);
    const existing = new Map((await this.ownership.owners(items.map((i) => i.object.uuid))).map((o) => [o.id, o]));
    const denied: Denial[] = [];
    items.forEach((item, index) => {
      const known = existing.get(item.object.uuid);
      if (item.object.itSystem.master !== vendor.fagsystemId) {
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

  async replay(
    vendor: VendorPrincipal,
    ids: string[],
  ): Promise<{ deliveryId: string; itemCount: number; status: string }> {
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

  private async enqueue(jobs: IngestJobPayload[]): Promise<void> {
    try {
      await this.queue.enqueue(jobs);
    } catch (e) {
      // The inbox holds the items; the sweeper enqueues them when Redis is back.
      this.logger.warn(
        { err: e instanceof Error ? e.message : String(e), jobs: jobs.length },
        'enqueue failed; the sweeper will pick the items up',
      );
    }
  }

  private answer(result: AcceptResult): Accepted {
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
      },
    };
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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
    payload,
    rejected: { rule, pointer, message },
  };
}
