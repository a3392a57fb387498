import type { DataSource } from 'typeorm';
import {
  type AccessLogEntry,
  chainAccessLog,
  type ChainCheck,
  type ChainedAccessLogEntry,
  GENESIS_HASH,
  verifyAccessLog,
} from '@overblik/domain';

const j = (v: unknown): string => JSON.stringify(v);

interface Row {
  seq: string;
  at: Date;
  client_id: string;
  purpose: string;
  citizen_key: string;
  municipalities: string[];
  record_ids: string[];
  flagged: boolean;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: Row): ChainedAccessLogEntry => ({
  seq: Number(r.seq),
  at: r.at.toISOString(),
  clientId: r.client_id,
  purpose: r.purpose,
  citizenKey: r.citizen_key,
  municipalities: r.municipalities,
  recordIds: r.record_ids,
  flagged: r.flagged,
  prevHash: r.prev_hash,
  hash: r.hash,
});

interface PgClient {
  query(
    text: string | { name: string; text: string; values: unknown[] },
  ): Promise<{ rows: unknown[]; rowCount: number | null } | Array<{ rows: unknown[] }>>;
  escapeLiteral(text: string): string;
  release(): void;
}

/** Orders the writers of the chain (any constant the rest of the database does not use as an advisory lock). */
export const ACCESS_LOG_CHAIN_LOCK = 741_190_021;

/**
 * One statement, one round trip: take the chain lock, then insert the batch, numbered on from the last
 * record this process wrote. The primary key on `seq` keeps the chain one line: if another writer (a
 * second API process) wrote after that record, the first number is taken, the statement fails whole
 * (unique violation) and the locked path takes over. The lock is held until the commit, so a writer on
 * the locked path is never overtaken between reading the last record and inserting after it. Lists
 * travel comma-joined, as in the answer store (CVR numbers and UUIDs hold no comma).
 */
const INSERT_BATCH = `insert into access_log (seq, at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)
         select r.seq, r.at, r.client_id, r.purpose, r.citizen_key, string_to_array(r.municipalities, ','), string_to_array(r.record_ids, ',')::uuid[], r.flagged, r.prev_hash, r.hash
           from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[])
                as r(seq, at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)
          where exists (select 1 from chain_lock)`;
const APPEND = {
  name: 'access-log-append',
  text: `with chain_lock as (select pg_advisory_xact_lock(${ACCESS_LOG_CHAIN_LOCK}))
         ${INSERT_BATCH}`,
};
/** The same, and the checkpoint moved to the batch's last record (forward only; under the lock, so it cannot deadlock with the locked path). */
const APPEND_AND_CHECKPOINT = {
  name: 'access-log-append-checkpoint',
  text: `with chain_lock as (select pg_advisory_xact_lock(${ACCESS_LOG_CHAIN_LOCK})),
              checkpoint as (update access_log_head set seq = $11, hash = $12 where id = 1 and seq < $11 and exists (select 1 from chain_lock))
         ${INSERT_BATCH}`,
};

/** After another writer took the next number, batches take the locked path this many times before trying the fast path again. */
const LOCKED_AFTER_MISS = 32;

const isSeqTaken = (e: unknown): boolean =>
  (e as { code?: string }).code === '23505' && (e as { constraint?: string }).constraint === 'access_log_pkey';

export interface AccessLogRepositoryOptions {
  /**
   * How often (ms) an append also moves the checkpoint (`access_log_head`) to its last record; 0 moves it
   * with every batch. Moving it costs PostgreSQL about as much as the insert itself, so by default a
   * batch moves it at most once a second.
   */
  checkpointEveryMs?: number;
}

/** The append-only, hash-chained access log: the only code that writes or reads it. */
export class AccessLogRepository {
  private readonly pool: { connect(): Promise<PgClient> };
  /** The last record this process wrote (undefined until it has written once). */
  private knownHead: { seq: number; hash: string } | undefined;
  private lockedBatchesLeft = 0;
  private checkpointDue = 0;
  private readonly checkpointEveryMs: number;

  constructor(
    private readonly db: DataSource,
    options: AccessLogRepositoryOptions = {},
  ) {
    this.pool = (db.driver as unknown as { master: { connect(): Promise<PgClient> } }).master;
    this.checkpointEveryMs = options.checkpointEveryMs ?? 1000;
  }

  /**
   * Append entries chained after the last record, all or nothing. While this process is the only writer
   * it numbers on from the record it last wrote, in one statement (one round trip); the primary key
   * refuses the batch if someone else wrote in between. Then the batch takes the locked path: under the
   * chain lock (an advisory lock every writer takes) it reads the last record and chains after it, so
   * the chain stays one line across API processes.
   */
  async append(entries: readonly AccessLogEntry[]): Promise<void> {
    if (!entries.length) return;
    const client = await this.pool.connect();
    try {
      if (this.knownHead && this.lockedBatchesLeft === 0) {
        if (await this.appendAfterKnownHead(client, this.knownHead, entries)) return;
        this.lockedBatchesLeft = LOCKED_AFTER_MISS;
      } else if (this.lockedBatchesLeft > 0) {
        this.lockedBatchesLeft -= 1;
      }
      await this.appendLocked(client, entries);
    } catch (e) {
      this.knownHead = undefined;
      throw e;
    } finally {
      client.release();
    }
  }

  /** Whether the checkpoint moves with this batch (and, if so, when it moves next). */
  private checkpointNow(): boolean {
    const now = Date.now();
    if (now < this.checkpointDue) return false;
    this.checkpointDue = now + this.checkpointEveryMs;
    return true;
  }

  /** True when the batch is written after `head`; false (nothing written) when another writer took the next number. */
  private async appendAfterKnownHead(
    client: PgClient,
    head: { seq: number; hash: string },
    entries: readonly AccessLogEntry[],
  ): Promise<boolean> {
    const chained = chainAccessLog(head, entries);
    const last = chained[chained.length - 1]!;
    const columns = [
      chained.map((e) => e.seq),
      chained.map((e) => e.at),
      chained.map((e) => e.clientId),
      chained.map((e) => e.purpose),
      chained.map((e) => e.citizenKey),
      chained.map((e) => e.municipalities.join(',')),
      chained.map((e) => e.recordIds.join(',')),
      chained.map((e) => e.flagged),
      chained.map((e) => e.prevHash),
      chained.map((e) => e.hash),
    ];
    const checkpoint = this.checkpointNow();
    try {
      await client.query(
        checkpoint
          ? { ...APPEND_AND_CHECKPOINT, values: [...columns, last.seq, last.hash] }
          : { ...APPEND, values: columns },
      );
    } catch (e) {
      if (checkpoint) this.checkpointDue = 0;
      if (!isSeqTaken(e)) throw e;
      this.knownHead = undefined;
      return false;
    }
    this.knownHead = { seq: last.seq, hash: last.hash };
    return true;
  }

  /** Two round trips: (1) begin, take the chain lock, read the last record; (2) insert, move the checkpoint and commit, sent together. */
  private async appendLocked(client: PgClient, entries: readonly AccessLogEntry[]): Promise<void> {
    let open = false;
    try {
      const first = await client.query(
        `begin; select pg_advisory_xact_lock(${ACCESS_LOG_CHAIN_LOCK}); select seq::text as last_seq, hash from access_log order by seq desc limit 1`,
      );
      open = true;
      // (not `as seq`: ordering by the text would put 9 after 10)
      const last = (Array.isArray(first) ? first[2] : first)?.rows[0] as { last_seq: string; hash: string } | undefined;
      const chained = chainAccessLog(
        last ? { seq: Number(last.last_seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH },
        entries,
      );
      const end = chained[chained.length - 1]!;
      // simple protocol (two statements and the commit in one round trip), values as one quoted literal
      const rows = client.escapeLiteral(
        j(
          chained.map((e) => ({
            seq: e.seq,
            at: e.at,
            client_id: e.clientId,
            purpose: e.purpose,
            citizen_key: e.citizenKey,
            municipalities: e.municipalities,
            record_ids: e.recordIds,
            flagged: e.flagged,
            prev_hash: e.prevHash,
            hash: e.hash,
          })),
        ),
      );
      await client.query(
        `insert into access_log (seq, at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)
         select r.seq, r.at, r.client_id, r.purpose, r.citizen_key,
                array(select jsonb_array_elements_text(r.municipalities)),
                array(select jsonb_array_elements_text(r.record_ids))::uuid[],
                r.flagged, r.prev_hash, r.hash
           from jsonb_to_recordset(${rows}::jsonb) as r(seq bigint, at timestamptz, client_id text, purpose text, citizen_key text,
                municipalities jsonb, record_ids jsonb, flagged boolean, prev_hash text, hash text);
         update access_log_head set seq = ${Number(end.seq)}, hash = ${client.escapeLiteral(end.hash)} where id = 1 and seq < ${Number(end.seq)};
         commit`,
      );
      open = false;
      this.knownHead = { seq: end.seq, hash: end.hash };
      this.checkpointDue = Date.now() + this.checkpointEveryMs;
    } catch (e) {
      if (open) await client.query('rollback').catch(() => undefined);
      throw e;
    }
  }

  /** The newest reads of one citizen's data, newest first. */
  async forCitizen(citizenKey: string, limit = 100): Promise<ChainedAccessLogEntry[]> {
    const rows: Row[] = await this.db.query(
      `select seq, at, client_id, purpose, citizen_key, municipalities, record_ids::text[] as record_ids, flagged, prev_hash, hash
         from access_log where citizen_key = $1 order by seq desc limit $2`,
      [citizenKey, limit],
    );
    return rows.map(toEntry);
  }

  /**
   * Recompute the whole chain in pages; reports the first broken sequence number. The checkpoint is read
   * first: a chain that ends before it, or whose record at it has another hash, was cut off.
   */
  async verify(pageSize = 10_000): Promise<ChainCheck> {
    const [head] = (await this.db.query('select seq::text as seq, hash from access_log_head where id = 1')) as Array<{
      seq: string;
      hash: string;
    }>;
    if (!head) throw new Error('access_log_head has no row: run the migrations');
    const checkpoint = { seq: Number(head.seq), hash: head.hash };
    let last = { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    let atCheckpoint = checkpoint.seq === 0 ? GENESIS_HASH : undefined;
    for (;;) {
      const rows: Row[] = await this.db.query(
        `select seq, at, client_id, purpose, citizen_key, municipalities, record_ids::text[] as record_ids, flagged, prev_hash, hash
           from access_log where seq > $1 order by seq limit $2`,
        [last.seq, pageSize],
      );
      const entries = rows.map(toEntry);
      const result = verifyAccessLog(entries, last);
      checked += result.checked;
      if (!result.ok) return { ok: false, checked, brokenAt: result.brokenAt };
      atCheckpoint ??= entries.find((e) => e.seq === checkpoint.seq)?.hash;
      last = result.last;
      if (rows.length < pageSize) break;
    }
    if (last.seq < checkpoint.seq) return { ok: false, checked, brokenAt: last.seq + 1 };
    if (atCheckpoint !== checkpoint.hash) return { ok: false, checked, brokenAt: checkpoint.seq };
    return { ok: true, checked };
  }
}
