import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { DeliveryItem } from '@overblik/domain';
import { jsonbSafe } from './jsonb-safe';

export interface InboxItem {
  objectId: string | null;
  kind: string | null;
  operation: string | null;
  sourceTidspunkt: string | null;
  payload: unknown;
  /** An item already known to be rejected at intake (e.g. an NDJSON line that is not JSON). */
  rejected?: { rule: string; pointer: string; message: string };
  /** A streamed item's source line and the hash of that line's canonical form. */
  line?: number;
  lineHash?: string;
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

/** `open`: a request is writing the stream; `incomplete`: it ended before the body's end; `complete`. */
export type DeliveryState = 'open' | 'complete' | 'incomplete';

/** The right to write one stream delivery, held by one request at a time (a session lock, fenced by a token). */
export interface StreamClaim {
  deliveryId: string;
  /** Null for a complete delivery: it is only compared, never written. */
  token: string | null;
  /** The state before this request. */
  state: DeliveryState;
  created: boolean;
  committedLines: number;
  itemCount: number;
}

export type ClaimResult =
  | { outcome: 'claimed'; claim: StreamClaim }
  | { outcome: 'busy'; deliveryId: string; committedLines: number }
  | { outcome: 'idempotency-conflict'; deliveryId: string };

/** The stream's writer lost its claim (another request took the delivery over); nothing of the chunk was stored. */
export class StreamClaimLostError extends Error {
  constructor(readonly deliveryId: string) {
    super('the stream delivery is written by another request');
  }
}

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
  state: DeliveryState;
  /** Every source line up to this number is stored (streams; a batch counts its items). */
  committedLines: number;
  /** For an incomplete stream: send the lines after this one with `Stream-Resume-After` (or the whole body). */
  resumeAfterLine: number | null;
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
/** Namespace of the session locks that say a request is writing a stream (two-key advisory lock). */
const STREAM_LOCK_NS = 0x5354524d;
const STREAM_LOCK = `pg_try_advisory_lock(${STREAM_LOCK_NS}, hashtext($1::text))`;
const STREAM_WRITTEN = `exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.granted
  and l.database = (select oid from pg_database where datname = current_database())
  and l.classid = ${STREAM_LOCK_NS} and l.objid = hashtext(d.id::text)::oid and l.objsubid = 2)`;

/** PostgreSQL refused a value (class 22, data exception: e.g. a NUL character or a lone surrogate in jsonb). */
function isDataException(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = err?.code ?? err?.driverError?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/** What is kept of an item PostgreSQL refused: a rejected item with a storable copy of its payload. */
function refusedItem(item: InboxItem): InboxItem {
  return {
    objectId: item.objectId,
    kind: null,
    operation: null,
    sourceTidspunkt: null,
    payload: jsonbSafe(item.payload),
    line: item.line,
    lineHash: item.lineHash,
    rejected: item.rejected ?? {
      rule: 'NDJSON-LINE-UNSTORABLE',
      pointer: item.line === undefined ? '' : `/lines/${item.line}`,
      message: 'the line holds a value the database cannot store (e.g. a NUL character or a lone surrogate)',
    },
  };
}

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

  /**
   * Claim the stream delivery of this Idempotency-Key (a new one when there is none) for this request.
   * The claim is a session lock on `runner`'s connection, so it ends when the request ends or its
   * process dies; a new token fences writes of any earlier holder. A complete delivery is returned
   * unlocked for comparison only.
   */
  async claimStream(runner: QueryRunner, delivery: NewDelivery): Promise<ClaimResult> {
    await runner.startTransaction();
    try {
      const result = await this.claimIn(runner, delivery);
      await runner.commitTransaction();
      return result;
    } catch (e) {
      await runner.rollbackTransaction();
      throw e;
    }
  }

  private async claimIn(runner: QueryRunner, d: NewDelivery): Promise<ClaimResult> {
    const token = randomUUID();
    let existing:
      | { id: string; transport: string; state: DeliveryState; committed_lines: number; item_count: number }
      | undefined;
    if (d.idempotencyKey) {
      await runner.query('select pg_advisory_xact_lock(hashtext($1))', [`${d.fagsystemId}/${d.idempotencyKey}`]);
      [existing] = await runner.query(
        `select id, transport, state, committed_lines, item_count from delivery
          where fagsystem_id = $1 and idempotency_key = $2`,
        [d.fagsystemId, d.idempotencyKey],
      );
    }
    if (!existing) {
      await runner.query(
        `insert into delivery (id, fagsystem_id, idempotency_key, body_hash, transport, state, lease_token)
         values ($1, $2, $3, $4, 'stream', 'open', $5)`,
        [d.id, d.fagsystemId, d.idempotencyKey, d.bodyHash, token],
      );
      await runner.query(`select ${STREAM_LOCK}`, [d.id]);
      return {
        outcome: 'claimed',
        claim: { deliveryId: d.id, token, state: 'open', created: true, committedLines: 0, itemCount: 0 },
      };
    }
    if (existing.transport !== 'stream') return { outcome: 'idempotency-conflict', deliveryId: existing.id };
    const base = {
      deliveryId: existing.id,
      created: false,
      committedLines: existing.committed_lines,
      itemCount: existing.item_count,
    };
    if (existing.state === 'complete')
      return { outcome: 'claimed', claim: { ...base, token: null, state: 'complete' } };
    const [lock]: Array<{ ok: boolean }> = await runner.query(`select ${STREAM_LOCK} as ok`, [existing.id]);
    if (!lock?.ok) return { outcome: 'busy', deliveryId: existing.id, committedLines: existing.committed_lines };
    await runner.query(`update delivery set state = 'open', lease_token = $2 where id = $1`, [existing.id, token]);
    return { outcome: 'claimed', claim: { ...base, token, state: existing.state } };
  }

  /**
   * Store a chunk of stream lines and move the committed line in one transaction. A line PostgreSQL
   * refuses becomes a rejected item instead of failing the chunk. Throws StreamClaimLostError when
   * another request has taken the delivery over.
   */
  async appendStreamItems(
    claim: StreamClaim,
    fromSeq: number,
    items: InboxItem[],
    committedLines: number,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.insertTolerant(tx, claim.deliveryId, fromSeq, items);
      const [moved]: Array<{ n: number }> = await tx.query(
        `with u as (update delivery set item_count = $2, committed_lines = $3 where id = $1 and lease_token = $4 returning 1)
         select count(*)::int as n from u`,
        [claim.deliveryId, fromSeq + items.length, committedLines, claim.token],
      );
      if (!moved?.n) throw new StreamClaimLostError(claim.deliveryId);
    });
  }

  /** The whole body was read: the stream is complete. */
  async completeStream(claim: StreamClaim, itemCount: number, committedLines: number): Promise<void> {
    const [done]: Array<{ n: number }> = await this.db.query(
      `with u as (update delivery set state = 'complete', completed_at = now(), item_count = $2, committed_lines = $3,
                  lease_token = null where id = $1 and lease_token = $4 returning 1)
       select count(*)::int as n from u`,
      [claim.deliveryId, itemCount, committedLines, claim.token],
    );
    if (!done?.n) throw new StreamClaimLostError(claim.deliveryId);
  }

  /**
   * The request ends: a stream it left open is incomplete (what was committed stays), its lock goes and
   * the connection returns to the pool. Pass no claim when claiming failed.
   */
  async releaseStream(runner: QueryRunner, claim: StreamClaim | null): Promise<void> {
    try {
      if (claim?.token) {
        await runner.query(
          `update delivery set state = 'incomplete', lease_token = null where id = $1 and lease_token = $2 and state = 'open'`,
          [claim.deliveryId, claim.token],
        );
      }
      await runner.query('select pg_advisory_unlock_all()');
    } finally {
      await runner.release();
    }
  }

  /** A dedicated connection for a stream's claim (released by releaseStream). */
  async streamRunner(): Promise<QueryRunner> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    return runner;
  }

  /** Hashes of the committed lines `fromLine`..`toLine` of a stream (a line without an item is absent). */
  async streamLineHashes(deliveryId: string, fromLine: number, toLine: number): Promise<Map<number, string>> {
    const rows: Array<{ line: number; line_hash: string }> = await this.db.query(
      'select line, line_hash from delivery_item where delivery_id = $1 and line between $2 and $3',
      [deliveryId, fromLine, toLine],
    );
    return new Map(rows.map((r) => [r.line, r.line_hash]));
  }

  /** The delivery this fagsystem sent with this Idempotency-Key, if any. */
  async findIdByIdempotencyKey(fagsystemId: string, idempotencyKey: string): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await this.db.query(
      'select id from delivery where fagsystem_id = $1 and idempotency_key = $2',
      [fagsystemId, idempotencyKey],
    );
    return row?.id;
  }

  private async insertTolerant(
    tx: EntityManager,
    deliveryId: string,
    fromSeq: number,
    items: InboxItem[],
  ): Promise<void> {
    await tx.query('savepoint stream_chunk');
    try {
      await this.insertItems(tx, deliveryId, fromSeq, items);
      await tx.query('release savepoint stream_chunk');
      return;
    } catch (e) {
      if (!isDataException(e)) throw e;
      await tx.query('rollback to savepoint stream_chunk');
    }
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      await tx.query('savepoint stream_item');
      try {
        await this.insertItems(tx, deliveryId, fromSeq + i, [item]);
        await tx.query('release savepoint stream_item');
      } catch (e) {
        if (!isDataException(e)) throw e;
        await tx.query('rollback to savepoint stream_item');
        await this.insertItems(tx, deliveryId, fromSeq + i, [refusedItem(item)]);
      }
    }
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
        `insert into delivery_item (delivery_id, seq, object_id, kind, operation, source_tidspunkt, payload, state, rule, pointer, message, processed_at, line, line_hash)
         select $1, seq, object_id, kind, operation, source_tidspunkt, coalesce(payload, 'null'::jsonb),
                case when rule is null then 'pending' else 'rejected' end, rule, pointer, message,
                case when rule is null then null else now() end, line, line_hash
           from jsonb_to_recordset($2::jsonb) as t(seq int, object_id uuid, kind text, operation text, source_tidspunkt timestamptz,
                payload jsonb, rule text, pointer text, message text, line int, line_hash text)`,
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
              line: x.line ?? null,
              line_hash: x.lineHash ?? null,
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
      state: DeliveryState;
      committed_lines: number;
    }> = await this.db.query(
      `select id, fagsystem_id, transport, received_at, completed_at, item_count, committed_lines,
              case when state = 'open' and not ${STREAM_WRITTEN} then 'incomplete' else state end as state
         from delivery d where id = $1 and fagsystem_id = $2`,
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
      state: delivery.state,
      committedLines: delivery.transport === 'stream' ? delivery.committed_lines : delivery.item_count,
      resumeAfterLine: delivery.state === 'incomplete' ? delivery.committed_lines : null,
      complete: delivery.state === 'complete',
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

  /** The vendor's rejected items not replayed yet; a redacted one (its object removed, or too old) is no longer offered. */
  async deadLetters(fagsystemId: string, after = '0', limit = 100): Promise<DeadLetter[]> {
    return this.db.query(
      `select id::text, delivery_id as "deliveryId", seq, object_id as "objectId", rule, pointer, message,
              created_at as "createdAt", payload
         from dead_letter where fagsystem_id = $1 and replayed_at is null and redacted_at is null and id > $2
        order by id limit $3`,
      [fagsystemId, after, limit],
    );
  }

  /** The payloads of these dead letters of a vendor that are still waiting for replay. */
  async deadLetterPayloads(fagsystemId: string, ids: string[]): Promise<Array<{ id: string; payload: unknown }>> {
    return this.db.query(
      `select id::text, payload from dead_letter
        where fagsystem_id = $1 and replayed_at is null and id = any($2::bigint[]) order by id`,
      [fagsystemId, ids],
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
          where fagsystem_id = $1 and replayed_at is null and redacted_at is null and id = any($2::bigint[])
          order by id for update`,
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
