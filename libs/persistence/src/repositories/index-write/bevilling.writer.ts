import type { PlannedBevilling } from '@overblik/domain';
import { deleteMovedRows, deleteRowsById, type IndexTable, upsertIndexRows } from './index-upsert';
import type { KindWriter } from './kind-writer';

const BEVILLING: IndexTable<PlannedBevilling> = {
  kind: 'bevilling',
  table: 'bevilling',
  columns: [{ name: 'sag_id', type: 'uuid', value: (b) => b.sagId }],
};

/** Grants. */
export const bevillingWriter: KindWriter<PlannedBevilling> = {
  kind: 'bevilling',
  move: (tx, moved) => deleteMovedRows(tx, BEVILLING.table, moved),
  upsert: (tx, rows, deliveryId) => upsertIndexRows(tx, BEVILLING, rows, deliveryId),
  remove: (tx, ids) => deleteRowsById(tx, BEVILLING.table, ids),
};
