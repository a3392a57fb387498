import type { DataSource, EntityManager } from 'typeorm';
import type { DeliveryItem } from '@overblik/domain';

export interface InboxItem {
  objectId: string | null;
  kind: string | null;
  operation: string | null;
  sourceTidspunkt: string | null;
  payload: unknown;
  /** An item already known to be rejected at intake (e.g. an NDJSON line that is not JSON). */
  rejected?: { rule: string; pointer: string; message: string };
}

/** The inbox row of a delivery item that passed intake. */
export function inboxItemOf(item: DeliveryItem): InboxItem {
  return {
    objectId: item.object.uuid,
    kind: item.object.objectType,
    operation: item.operation,
    sourceTidspunkt: item.object.tidspunkt,
    payload: item,
  };
}

export interface NewDelivery {
  id: string;
  fagsystemId: string;
  idempotencyKey: string | null;
  bodyHash: string;
  transport: 'batch' | 'stream';
}

export type AcceptResult =
  | { outcome: 'accepted'; deliveryId: string; itemCount: number }
  | { outcome: 'duplicate'; deliveryId: string; itemCount: number }
  | { outcome: 'idempotency-conflict'; deliveryId: string };

export type ItemState = 'pending' | 'applied' | 'rejected' | 'held' | 'stale';

export interface DeliveryItemStatus {
  seq: number;
  objectId: string | null;
  kind: string | null;
  operation: string | null;
  state: ItemState;
  rule: string | null;
  pointer: string | null;
  message: string | null;
}

export interface DeliveryStatus {
  id: string;
  fagsystemId: string;
  transport: string;
  receivedAt: string;
  complete: boolean;
  itemCount: number;
  counts: Record<ItemState, number>;
  items: DeliveryItemStatus[];
  nextAfter: number | null;
}

export interface DeadLetter {
  id: string;
  deliveryId: string;
  seq: number;
  objectId: string | null;
  rule: string;
  pointer: string;
  message: string;
  createdAt: string;
  payload: unknown;
}

const INSERT_CHUNK = 1000;

/**
 * The durable inbox. A delivery and its items are committed here before the vendor gets its 202;
 * queue jobs only point at these rows.
 */
export class InboxRepository {
  constructor(private readonly db: DataSource) {}

  /** Store a whole batch delivery in one transaction (all or nothing), honouring the idempotency key. */
  async acceptBatch(delivery: NewDelivery, items: InboxItem[]): Promise<AcceptResult> {
    return this.db.transaction(async (tx) => {
      const existing = await this.findByIdempotencyKey(tx, delivery);
      if (existing) return existing;
      await tx.query(
        `insert into delivery (id, fagsystem_id, idempotency_key, body_hash, transport, item_count, completed_at)
         values ($1, $2, $3, $4, $5, $6, now())`,
        [
          delivery.id,
          delivery.fagsystemId,
          delivery.idempotencyKey,
          delivery.bodyHash,
          delivery.transport,
          items.length,
        ],
      );
      await this.insertItems(tx, delivery.id, 0, items);
      return { outcome: 'accepted', deliveryId: delivery.id, itemCount: items.length };
    });
  }

  /** Open a streamed delivery; items arrive with appendItems and the delivery is closed at the end. */
  async openStream(delivery: NewDelivery): Promise<AcceptResult> {
    return this.db.transaction(async (tx) => {
      const existing = await this.findByIdempotencyKey(tx, delivery);
      if (existing) return existing;
      await tx.query(
        `insert into delivery (id, fagsystem_id, idempotency_key, body_hash, transport) values ($1, $2, $3, $4, 'stream')`,
        [delivery.id, delivery.fagsystemId, delivery.idempotencyKey, delivery.bodyHash],
      );
      return { outcome: 'accepted', deliveryId: delivery.id, itemCount: 0 };
    });
  }

  async appendItems(deliveryId: string, fromSeq: number, items: InboxItem[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.insertItems(tx, deliveryId, fromSeq, items);
      await tx.query('update delivery set item_count = $2 where id = $1', [deliveryId, fromSeq + items.length]);
    });
  }

  async closeStream(deliveryId: string, itemCount: number, bodyHash: string): Promise<void> {
    await this.db.query('update delivery set item_count = $2, body_hash = $3, completed_at = now() where id = $1', [
      deliveryId,
      itemCount,
      bodyHash,
    ]);
  }

  private async findByIdempotencyKey(tx: EntityManager, d: NewDelivery): Promise<AcceptResult | undefined> {
    if (!d.idempotencyKey) return undefined;
    // serialise concurrent requests with the same key
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`${d.fagsystemId}/${d.idempotencyKey}`]);
    const rows: Array<{ id: string; body_hash: string; item_count: number }> = await tx.query(
      'select id, body_hash, item_count from delivery where fagsystem_id = $1 and idempotency_key = $2',
      [d.fagsystemId, d.idempotencyKey],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.body_hash !== d.bodyHash) return { outcome: 'idempotency-conflict', deliveryId: row.id };
    return { outcome: 'duplicate', deliveryId: row.id, itemCount: row.item_count };
  }

  private async insertItems(tx: EntityManager, deliveryId: string, fromSeq: number, items: InboxItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += INSERT_CHUNK) {
      const chunk = items.slice(i, i + INSERT_CHUNK);
      // one JSON document for the chunk: no array literal to escape per item, one parse in PostgreSQL
      await tx.query(
        `insert into delivery_item (delivery_id, seq, object_id, kind, operation, source_tidspunkt, payload, state, rule, pointer, message, processed_at)
         select $1, seq, object_id, kind, operation, source_tidspunkt, coalesce(payload, 'null'::jsonb),
                case when rule is null then 'pending' else 'rejected' end, rule, pointer, message,
                case when rule is null then null else now() end
           from jsonb_to_recordset($2::jsonb) as t(seq int, object_id uuid, kind text, operation text, source_tidspunkt timestamptz,
                payload jsonb, rule text, pointer text, message text)`,
        [
          deliveryId,
          JSON.stringify(
            chunk.map((x, j) => ({
              seq: fromSeq + i + j,
              object_id: x.objectId,
              kind: x.kind,
              operation: x.operation,
              source_tidspunkt: x.sourceTidspunkt,
              payload: x.payload ?? null,
              rule: x.rejected?.rule ?? null,
              pointer: x.rejected?.pointer ?? null,
              message: x.rejected?.message ?? null,
            })),
          ),
        ],
      );
      const rejected = chunk.map((x, j) => ({ x, seq: fromSeq + i + j })).filter((r) => r.x.rejected);
      if (rejected.length) {
        await tx.query(
          `insert into dead_letter (fagsystem_id, delivery_id, seq, object_id, payload, rule, pointer, message)
           select d.fagsystem_id, d.id, di.seq, di.object_id, di.payload, di.rule, di.pointer, di.message
             from delivery d join delivery_item di on di.delivery_id = d.id
            where d.id = $1 and di.seq = any($2::int[])
           on conflict (delivery_id, seq) do nothing`,
          [deliveryId, rejected.map((r) => r.seq)],
        );
      }
    }
  }

  async status(deliveryId: string, fagsystemId: string, after = -1, limit = 1000): Promise<DeliveryStatus | undefined> {
    const [delivery]: Array<{
      id: string;
      fagsystem_id: string;
      transport: string;
      received_at: Date;
      completed_at: Date | null;
      item_count: number;
    }> = await this.db.query(
      'select id, fagsystem_id, transport, received_at, completed_at, item_count from delivery where id = $1 and fagsystem_id = $2',
      [deliveryId, fagsystemId],
    );
    if (!delivery) return undefined;
    const countRows: Array<{ state: ItemState; n: string }> = await this.db.query(
      'select state, count(*) as n from delivery_item where delivery_id = $1 group by state',
      [deliveryId],
    );
    const counts: Record<ItemState, number> = { pending: 0, applied: 0, rejected: 0, held: 0, stale: 0 };
    for (const r of countRows) counts[r.state] = Number(r.n);
    const items: DeliveryItemStatus[] = await this.db.query(
      `select seq, object_id as "objectId", kind, operation, state, rule, pointer, message
         from delivery_item where delivery_id = $1 and seq > $2 order by seq limit $3`,
      [deliveryId, after, limit + 1],
    );
    const more = items.length > limit;
    if (more) items.pop();
    return {
      id: delivery.id,
      fagsystemId: delivery.fagsystem_id,
      transport: delivery.transport,
      receivedAt: delivery.received_at.toISOString(),
      complete: delivery.completed_at !== null,
      itemCount: delivery.item_count,
      counts,
      items,
      nextAfter: more ? (items[items.length - 1]?.seq ?? null) : null,
    };
  }

  /** Ranges of items still pending that were received before `olderThan`: what the sweeper re-enqueues. */
  async pendingRanges(
    olderThan: Date,
    chunk: number,
    limit = 1000,
  ): Promise<Array<{ deliveryId: string; fromSeq: number; toSeq: number }>> {
    return this.db.query(
      `select di.delivery_id as "deliveryId", min(di.seq)::int as "fromSeq", max(di.seq)::int as "toSeq"
         from delivery_item di join delivery d on d.id = di.delivery_id
        where di.state = 'pending' and d.received_at < $1
        group by di.delivery_id, di.seq / $2
        order by 1, 2
        limit $3`,
      [olderThan, chunk, limit],
    );
  }

  async pendingCount(): Promise<number> {
    const [row]: Array<{ n: string }> = await this.db.query(
      `select count(*) as n from delivery_item where state = 'pending'`,
    );
    return Number(row?.n ?? 0);
  }

  async deadLetters(fagsystemId: string, after = 0, limit = 100): Promise<DeadLetter[]> {
    return this.db.query(
      `select id::text, delivery_id as "deliveryId", seq, object_id as "objectId", rule, pointer, message,
              created_at as "createdAt", payload
         from dead_letter where fagsystem_id = $1 and replayed_at is null and id > $2 order by id limit $3`,
      [fagsystemId, after, limit],
    );
  }

  /** Replay dead letters of a vendor as a new delivery of pending items; returns it (or undefined if none). */
  async replayDeadLetters(
    fagsystemId: string,
    ids: string[],
    newDeliveryId: string,
  ): Promise<{ deliveryId: string; itemCount: number } | undefined> {
    return this.db.transaction(async (tx) => {
      const rows: Array<{
        id: string;
        payload: { operation?: string; object?: { objectType?: string; uuid?: string; tidspunkt?: string } };
      }> = await tx.query(
        `select id::text, payload from dead_letter
          where fagsystem_id = $1 and replayed_at is null and id = any($2::bigint[]) order by id for update`,
        [fagsystemId, ids],
      );
      if (!rows.length) return undefined;
      await tx.query(
        `insert into delivery (id, fagsystem_id, body_hash, transport, item_count, completed_at) values ($1, $2, 'replay', 'batch', $3, now())`,
        [newDeliveryId, fagsystemId, rows.length],
      );
      await this.insertItems(
        tx,
        newDeliveryId,
        0,
        rows.map((r) => ({
          objectId: typeof r.payload?.object?.uuid === 'string' ? r.payload.object.uuid : null,
          kind: r.payload?.object?.objectType ?? null,
          operation: r.payload?.operation ?? null,
          sourceTidspunkt: r.payload?.object?.tidspunkt ?? null,
          payload: r.payload,
        })),
      );
      await tx.query(
        'update dead_letter set replayed_at = now(), replay_delivery_id = $2 where id = any($1::bigint[])',
        [rows.map((r) => r.id), newDeliveryId],
      );
      return { deliveryId: newDeliveryId, itemCount: rows.length };
    });
  }
}
