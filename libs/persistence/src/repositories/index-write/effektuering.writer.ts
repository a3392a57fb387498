import type { PlannedEffektuering } from '@overblik/domain';
import { deleteMovedRows, deleteRowsById, type IndexTable, upsertIndexRows } from './index-upsert';
import type { KindWriter } from './kind-writer';

const EFFEKTUERING: IndexTable<PlannedEffektuering> = {
  kind: 'effektuering',
  table: 'effektuering',
  columns: [
    {
      name: 'bevilling_ids',
      type: 'jsonb',
      value: (e) => e.bevillingIds,
      select: 'array(select jsonb_array_elements_text(r.bevilling_ids))::uuid[]',
    },
    { name: 'dispositionsdato', type: 'date', value: (e) => e.dispositionsdato },
  ],
};

/** Payments. */
export const effektueringWriter: KindWriter<PlannedEffektuering> = {
  kind: 'effektuering',
  move: (tx, moved) => deleteMovedRows(tx, EFFEKTUERING.table, moved),
  upsert: (tx, rows, deliveryId) => upsertIndexRows(tx, EFFEKTUERING, rows, deliveryId),
  remove: (tx, ids) => deleteRowsById(tx, EFFEKTUERING.table, ids),
};
