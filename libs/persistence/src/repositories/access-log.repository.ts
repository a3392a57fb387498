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

/** The append-only, hash-chained access log: the only code that writes or reads it. */
interface PgClient {
  query(text: string): Promise<{ rows: unknown[] } | Array<{ rows: unknown[] }>>;
  escapeLiteral(text: string): string;
  release(): void;
}

export class AccessLogRepository {
  private readonly pool: { connect(): Promise<PgClient> };

  constructor(private readonly db: DataSource) {
    this.pool = (db.driver as unknown as { master: { connect(): Promise<PgClient> } }).master;
  }

  /**
   * Append entries in one transaction, chained after the current head. The head row's lock orders
   * concurrent writers (several API processes), so the chain stays one line.
   */
  async append(entries: readonly AccessLogEntry[]): Promise<void> {
    if (!entries.length) return;
    // Two round trips per batch on one connection of the driver's pool: (1) begin and lock the head,
    // (2) insert, move the head and commit, sent together (simple protocol, values as one quoted literal).
    const client = await this.pool.connect();
    let open = false;
    try {
      const first = await client.query('begin; select seq::text as seq, hash from access_log_head where id = 1 for update');
      open = true;
      const head = (Array.isArray(first) ? first[1] : first)?.rows[0] as { seq: string; hash: string } | undefined;
      if (!head) throw new Error('access_log_head has no row: run the migrations');
      const chained = chainAccessLog({ seq: Number(head.seq), hash: head.hash }, entries);
      const last = chained[chained.length - 1]!;
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
    } catch (e) {
      if (open) await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
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
