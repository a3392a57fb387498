import type { DataSource } from 'typeorm';
import { type AccessLogEntry, chainAccessLog, type ChainCheck, type ChainedAccessLogEntry, GENESIS_HASH, verifyAccessLog } from '@overblik/domain';

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
  query(text: string | { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null } | Array<{ rows: unknown[] }>>;
  escapeLiteral(text: string): string;
  release(): void;
}

/**
 * One statement, one round trip: move the head only if it is still where this process last left it,
 * and insert the batch only if the head moved. Another writer in between (a second API process) leaves
 * the head elsewhere: nothing is written and the locked path takes over. Lists travel comma-joined, as
 * in the answer store (CVR numbers and UUIDs hold no comma).
 */
const APPEND_AFTER_KNOWN_HEAD = {
  name: 'access-log-append-after-known-head',
  text: `with moved as (
           update access_log_head set seq = $11, hash = $12 where id = 1 and seq = $13 and hash = $14 returning 1)
         insert into access_log (seq, at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)
         select r.seq, r.at, r.client_id, r.purpose, r.citizen_key, string_to_array(r.municipalities, ','), string_to_array(r.record_ids, ',')::uuid[], r.flagged, r.prev_hash, r.hash
           from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[])
                as r(seq, at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)
          where exists (select 1 from moved)`,
};

/** After the known head was found moved, batches take the locked path this many times before trying it again. */
const LOCKED_AFTER_MISS = 32;

/** The append-only, hash-chained access log: the only code that writes or reads it. */
export class AccessLogRepository {
  private readonly pool: { connect(): Promise<PgClient> };
  /** The head as this process last wrote it (undefined until it has written once). */
  private knownHead: { seq: number; hash: string } | undefined;
  private lockedBatchesLeft = 0;

  constructor(private readonly db: DataSource) {
    this.pool = (db.driver as unknown as { master: { connect(): Promise<PgClient> } }).master;
  }

  /**
   * Append entries chained after the current head, all or nothing. While this process is the only
   * writer it chains after the head it last wrote, in one statement that checks that head (one round
   * trip). Otherwise the head row's lock orders concurrent writers (several API processes), so the
   * chain stays one line.
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

  /** True when the head was still `head` and the batch is written; false (nothing written) when it had moved. */
  private async appendAfterKnownHead(client: PgClient, head: { seq: number; hash: string }, entries: readonly AccessLogEntry[]): Promise<boolean> {
    const chained = chainAccessLog(head, entries);
    const last = chained[chained.length - 1]!;
    const result = await client.query({
      ...APPEND_AFTER_KNOWN_HEAD,
      values: [
        chained.map((e) => e.seq), chained.map((e) => e.at), chained.map((e) => e.clientId), chained.map((e) => e.purpose),
        chained.map((e) => e.citizenKey), chained.map((e) => e.municipalities.join(',')), chained.map((e) => e.recordIds.join(',')),
        chained.map((e) => e.flagged), chained.map((e) => e.prevHash), chained.map((e) => e.hash),
        last.seq, last.hash, head.seq, head.hash,
      ],
    });
    const written = Array.isArray(result) ? 0 : (result.rowCount ?? 0);
    if (written === chained.length) {
      this.knownHead = { seq: last.seq, hash: last.hash };
      return true;
    }
    if (written !== 0) throw new Error(`access log: ${written} of ${chained.length} rows written after the known head`);
    this.knownHead = undefined;
    return false;
  }

  /** Two round trips: (1) begin and lock the head, (2) insert, move the head and commit, sent together. */
  private async appendLocked(client: PgClient, entries: readonly AccessLogEntry[]): Promise<void> {
    let open = false;
    try {
      const first = await client.query('begin; select seq::text as seq, hash from access_log_head where id = 1 for update');
      open = true;
      const head = (Array.isArray(first) ? first[1] : first)?.rows[0] as { seq: string; hash: string } | undefined;
      if (!head) throw new Error('access_log_head has no row: run the migrations');
      const chained = chainAccessLog({ seq: Number(head.seq), hash: head.hash }, entries);
      const last = chained[chained.length - 1]!;
      // simple protocol (two statements and the commit in one round trip), values as one quoted literal
      const rows = client.escapeLiteral(j(chained.map((e) => ({
        seq: e.seq, at: e.at, client_id: e.clientId, purpose: e.purpose, citizen_key: e.citizenKey,
        municipalities: e.municipalities, record_ids: e.recordIds, flagged: e.flagged, prev_hash: e.prevHash, hash: e.hash,
      }))));
      await client.query(
        `insert into access_log (seq, at, client_id, purpose, citizen_key, municipalities, record_ids, flagged, prev_hash, hash)
         select r.seq, r.at, r.client_id, r.purpose, r.citizen_key,
                array(select jsonb_array_elements_text(r.municipalities)),
                array(select jsonb_array_elements_text(r.record_ids))::uuid[],
                r.flagged, r.prev_hash, r.hash
           from jsonb_to_recordset(${rows}::jsonb) as r(seq bigint, at timestamptz, client_id text, purpose text, citizen_key text,
                municipalities jsonb, record_ids jsonb, flagged boolean, prev_hash text, hash text);
         update access_log_head set seq = ${Number(last.seq)}, hash = ${client.escapeLiteral(last.hash)} where id = 1;
         commit`,
      );
      open = false;
      this.knownHead = { seq: last.seq, hash: last.hash };
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

  /** Recompute the whole chain in pages; reports the first broken sequence number (also a cut-off tail). */
  async verify(pageSize = 10_000): Promise<ChainCheck> {
    let last = { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const rows: Row[] = await this.db.query(
        `select seq, at, client_id, purpose, citizen_key, municipalities, record_ids::text[] as record_ids, flagged, prev_hash, hash
           from access_log where seq > $1 order by seq limit $2`,
        [last.seq, pageSize],
      );
      const result = verifyAccessLog(rows.map(toEntry), last);
      checked += result.checked;
      if (!result.ok) return { ok: false, checked, brokenAt: result.brokenAt };
      last = result.last;
      if (rows.length < pageSize) break;
    }
    const [head] = (await this.db.query('select seq::text as seq, hash from access_log_head where id = 1')) as Array<{ seq: string; hash: string }>;
    if (!head || Number(head.seq) !== last.seq || head.hash !== last.hash) return { ok: false, checked, brokenAt: last.seq + 1 };
    return { ok: true, checked };
  }
}
