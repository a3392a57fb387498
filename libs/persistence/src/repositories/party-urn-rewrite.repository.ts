import type { DataSource } from 'typeorm';

/** The tables whose bodies hold party URNs, with their primary keys (the order a pass walks them in). */
export const PARTY_BODY_TABLES = {
  sag: ['citizen_key', 'id'],
  dokument: ['citizen_key', 'id'],
  bevilling: ['citizen_key', 'id'],
  effektuering: ['citizen_key', 'id'],
  index_registration: ['citizen_key', 'object_id', 'seq'],
} as const;
export type PartyBodyTable = keyof typeof PARTY_BODY_TABLES;

/** The pairs (CPR URN → keyed URN) to replace in one body; worked out by the caller, who has the key. */
export type PartyUrnKeysOf = (body: unknown) => Array<[string, string]>;

export interface RewriteProgress {
  table: PartyBodyTable;
  /** Rows that held a CPR URN and were rewritten. */
  rewritten: number;
}

const CLEAR_CPR_URN = '%"urn:oio:cpr-nr:%';
const COLUMN_TYPES: Record<string, string> = { citizen_key: 'text', id: 'uuid', object_id: 'uuid', seq: 'bigint' };

/**
 * Rewrites bodies stored before the index keyed its party URNs: every row that still holds a CPR URN
 * gets the keyed URN instead, `batch` rows per transaction, in primary-key order. Safe while the worker
 * runs: the replacement is applied to the row as it is at the update (a row the worker rewrote meanwhile
 * holds no CPR URN, so nothing changes), and running it again finds nothing to do.
 */
export async function keyStoredPartyUrns(
  db: DataSource,
  keysOf: PartyUrnKeysOf,
  options: { batch?: number; onProgress?: (p: RewriteProgress) => void } = {},
): Promise<RewriteProgress[]> {
  const batch = options.batch ?? 500;
  const out: RewriteProgress[] = [];
  for (const [table, key] of Object.entries(PARTY_BODY_TABLES) as Array<[PartyBodyTable, readonly string[]]>) {
    const progress: RewriteProgress = { table, rewritten: 0 };
    const cols = key.join(', ');
    const typed = key.map((k, i) => `$${i + 3}::${COLUMN_TYPES[k]}`).join(', ');
    let after: unknown[] | null = null;
    for (;;) {
      const rows: Array<Record<string, unknown> & { body: unknown }> = await db.query(
        `select ${key.map((k) => `${k}::text as ${k}`).join(', ')}, body from ${table}
          where body::text like $1 ${after ? `and (${cols}) > (${typed})` : ''}
          order by ${cols} limit $2`,
        [CLEAR_CPR_URN, batch, ...(after ?? [])],
      );
      if (!rows.length) break;
      const changes = rows
        .map((r) => ({ ...Object.fromEntries(key.map((k) => [k, r[k]])), pairs: keysOf(r.body) }))
        .filter((c) => c.pairs.length);
      if (changes.length) {
        await db.query(
          `update ${table} t set body = replace_json_strings(t.body, c.pairs)
             from jsonb_to_recordset($1::jsonb) as c(${key.map((k) => `${k} ${COLUMN_TYPES[k]}`).join(', ')}, pairs jsonb)
            where ${key.map((k) => `t.${k} = c.${k}`).join(' and ')}`,
          [JSON.stringify(changes)],
        );
      }
      progress.rewritten += changes.length;
      options.onProgress?.(progress);
      const last = rows[rows.length - 1]!;
      after = key.map((k) => last[k]);
      if (rows.length < batch) break;
    }
    out.push(progress);
  }
  return out;
}
