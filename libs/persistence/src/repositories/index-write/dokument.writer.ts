import type { PlannedDokument } from '@overblik/domain';
import { deleteMovedRows, deleteRowsById, type IndexTable, upsertIndexRows } from './index-upsert';
import type { KindWriter } from './kind-writer';
import { j, type Tx, type Unlinked } from './sql';

const DOKUMENT: IndexTable<PlannedDokument> = {
  kind: 'dokument',
  table: 'dokument',
  columns: [{ name: 'dokumenttype', type: 'text', value: (d) => d.dokumenttype }],
  // a document its master imports again is no longer one its master removed
  alsoOnConflict: 'master_removed_at = null',
};

/**
 * Documents. A document goes when its master removes it, whichever cases still link it (the links are
 * the cases' and stay: a document its master imports again shows on them again).
 */
export const dokumentWriter: KindWriter<PlannedDokument> = {
  kind: 'dokument',
  move: (tx, moved) => deleteMovedRows(tx, DOKUMENT.table, moved),
  async upsert(tx, rows, deliveryId) {
    if (!rows.length) return;
    // a document its master removed stays stored while a case holds it; when it comes back for another
    // citizen, that row goes, so one document id has one row
    await tx.query(
      `delete from dokument d using jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid)
        where d.id = r.id and d.citizen_key <> r.citizen_key`,
      [j(rows.map((d) => ({ citizen_key: d.citizenKey, id: d.id })))],
    );
    await upsertIndexRows(tx, DOKUMENT, rows, deliveryId);
  },
  remove: (tx, ids) => deleteRowsById(tx, DOKUMENT.table, ids),
};

/**
 * Rows an earlier version kept after their master's remove go once no case holds them: only the
 * documents unlinked in this chunk can be such rows, so only those are looked at.
 */
export async function deleteOrphanedDokumenter(tx: Tx, unlinked: Unlinked): Promise<void> {
  const candidates = [...unlinked];
  if (!candidates.length) return;
  await tx.query(
    `delete from dokument d where d.id = any($1::uuid[]) and d.master_removed_at is not null
        and not exists (select 1 from sag_dokument sd where sd.dokument_id = d.id)`,
    [candidates],
  );
}
