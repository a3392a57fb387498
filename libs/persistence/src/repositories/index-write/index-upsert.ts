import type { IndexKind } from '@overblik/domain';
import { j, type Tx } from './sql';

/** A planned index row as every kind has it (libs/domain PlannedRow). */
export interface UpsertRow {
  citizenKey: string;
  id: string;
  ownerCvr: string;
  masterFagsystem: string;
  sourceTidspunkt: string;
  body: unknown;
  seq?: number;
  asDelivered?: boolean;
  partyUrnKeys?: Array<[string, string]>;
}

/** A column of one kind's table beyond the shared ones: its record type, and how it is selected. */
export interface KindColumn<R> {
  name: string;
  type: string;
  value: (row: R) => unknown;
  /** The select expression when it is not `r.<name>` (e.g. a jsonb array turned into uuid[]). */
  select?: string;
}

/** How one kind's rows are stored: its table, its own columns, and what else an upsert resets. */
export interface IndexTable<R> {
  kind: IndexKind;
  table: string;
  columns: ReadonlyArray<KindColumn<R>>;
  /** Extra assignments on conflict, e.g. `master_removed_at = null`. */
  alsoOnConflict?: string;
}

const SHARED: ReadonlyArray<KindColumn<UpsertRow>> = [
  { name: 'owner_cvr', type: 'text', value: (r) => r.ownerCvr },
  { name: 'master_fagsystem', type: 'text', value: (r) => r.masterFagsystem },
  { name: 'source_tidspunkt', type: 'timestamptz', value: (r) => r.sourceTidspunkt },
];

/**
 * The body column's value: a body as delivered is copied from the inbox row in PostgreSQL (by seq), not
 * sent back over the wire; the party URNs are replaced by their keys in SQL either way.
 */
export const bodyFields = (
  r: Pick<UpsertRow, 'seq' | 'asDelivered' | 'body' | 'partyUrnKeys'>,
  deliveryId: string | undefined,
): { seq?: number; body?: unknown; party_urn_keys: Array<[string, string]> } => ({
  ...(deliveryId !== undefined && r.seq !== undefined && r.asDelivered === true ? { seq: r.seq } : { body: r.body }),
  party_urn_keys: r.partyUrnKeys ?? [],
});

/** Inserts or replaces rows of one kind's table, keyed (citizen_key, id); the stored receive time is now. */
export async function upsertIndexRows<R extends UpsertRow>(
  tx: Tx,
  spec: IndexTable<R>,
  rows: readonly R[],
  deliveryId: string | undefined,
): Promise<void> {
  if (!rows.length) return;
  const columns = [...(SHARED as ReadonlyArray<KindColumn<R>>), ...spec.columns];
  const names = columns.map((c) => c.name);
  await tx.query(
    `insert into ${spec.table} (citizen_key, id, ${names.join(', ')}, body)
     select r.citizen_key, r.id, ${columns.map((c) => c.select ?? `r.${c.name}`).join(', ')},
            replace_json_strings(coalesce(r.body, di.payload->'object'), r.party_urn_keys)
       from jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid, ${columns.map((c) => `${c.name} ${c.type}`).join(', ')},
            seq int, body jsonb, party_urn_keys jsonb)
       left join delivery_item di on di.delivery_id = $2::uuid and di.seq = r.seq
     on conflict (citizen_key, id) do update set ${names.map((n) => `${n} = excluded.${n}`).join(', ')},
       body = excluded.body, ${spec.alsoOnConflict ? `${spec.alsoOnConflict}, ` : ''}received_at = now()`,
    [
      j(
        rows.map((r) => ({
          citizen_key: r.citizenKey,
          id: r.id,
          ...Object.fromEntries(columns.map((c) => [c.name, c.value(r)])),
          ...bodyFields(r, deliveryId),
        })),
      ),
      deliveryId ?? null,
    ],
  );
}

/** Deletes the rows a citizen no longer holds (the object moved to another citizen). */
export async function deleteMovedRows(
  tx: Tx,
  table: string,
  moved: ReadonlyArray<{ id: string; oldCitizenKey: string }>,
): Promise<void> {
  for (const m of moved)
    await tx.query(`delete from ${table} where citizen_key = $1 and id = $2`, [m.oldCitizenKey, m.id]);
}

/** Deletes the rows of these ids, for every citizen (a source removed the objects). */
export async function deleteRowsById(tx: Tx, table: string, ids: readonly string[]): Promise<void> {
  if (ids.length) await tx.query(`delete from ${table} where id = any($1::uuid[])`, [ids]);
}
