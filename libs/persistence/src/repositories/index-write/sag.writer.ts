import type { PlannedSag } from '@overblik/domain';
import { deleteMovedRows, deleteRowsById, type IndexTable, upsertIndexRows } from './index-upsert';
import type { KindWriter } from './kind-writer';
import { collectUnlinked, j, type Tx, type Unlinked } from './sql';

const SAG: IndexTable<PlannedSag> = {
  kind: 'sag',
  table: 'sag',
  columns: [
    { name: 'kle', type: 'text', value: (s) => s.kle },
    { name: 'opstaaet_at', type: 'timestamptz', value: (s) => s.opstaaetAt },
  ],
};

/** A case's journal-post links are replaced with the case: the old ones go (and count as unlinked). */
async function replaceLinks(tx: Tx, sager: readonly PlannedSag[], unlinked: Unlinked): Promise<void> {
  collectUnlinked(
    unlinked,
    await tx.query(
      `delete from sag_dokument sd using jsonb_to_recordset($1::jsonb) as r(citizen_key text, id uuid)
        where sd.citizen_key = r.citizen_key and sd.sag_id = r.id returning sd.dokument_id`,
      [j(sager.map((s) => ({ citizen_key: s.citizenKey, id: s.id })))],
    ),
  );
  const links = sager.flatMap((s) =>
    s.dokumentLinks.map((l) => ({
      citizen_key: s.citizenKey,
      sag_id: s.id,
      dokument_id: l.dokumentId,
      titel: l.titel,
    })),
  );
  if (!links.length) return;
  await tx.query(
    `insert into sag_dokument (citizen_key, sag_id, dokument_id, titel)
     select citizen_key, sag_id, dokument_id, titel
       from jsonb_to_recordset($1::jsonb) as r(citizen_key text, sag_id uuid, dokument_id uuid, titel text)
     on conflict do nothing`,
    [j(links)],
  );
}

/** Cases: the sag table and their document links (sag_dokument). */
export const sagWriter: KindWriter<PlannedSag> = {
  kind: 'sag',
  async move(tx, moved, unlinked) {
    await deleteMovedRows(tx, SAG.table, moved);
    for (const m of moved)
      collectUnlinked(
        unlinked,
        await tx.query('delete from sag_dokument where citizen_key = $1 and sag_id = $2 returning dokument_id', [
          m.oldCitizenKey,
          m.id,
        ]),
      );
  },
  async upsert(tx, rows, deliveryId, unlinked) {
    if (!rows.length) return;
    await upsertIndexRows(tx, SAG, rows, deliveryId);
    await replaceLinks(tx, rows, unlinked);
  },
  async remove(tx, ids, unlinked) {
    if (!ids.length) return;
    await deleteRowsById(tx, SAG.table, ids);
    collectUnlinked(
      unlinked,
      await tx.query('delete from sag_dokument where sag_id = any($1::uuid[]) returning dokument_id', [ids]),
    );
  },
};
