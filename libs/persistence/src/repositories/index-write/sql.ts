import type { EntityManager } from 'typeorm';

/** What the writers need of a transaction: its query method. */
export type Tx = Pick<EntityManager, 'query'>;

/** A JSON parameter (read in SQL with jsonb_to_recordset). */
export const j = (v: unknown): string => JSON.stringify(v);

/** TypeORM answers a DELETE or UPDATE … RETURNING with [rows, count]; other statements with the rows. */
export const returned = <T>(result: unknown): T[] =>
  (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? result[0]
    : result) as T[];

/** Document ids that cases of this chunk no longer link (moved, re-linked or removed cases). */
export type Unlinked = Set<string>;

/** Adds the `dokument_id`s of a DELETE … RETURNING to the unlinked documents. */
export const collectUnlinked = (unlinked: Unlinked, result: unknown): void => {
  for (const r of returned<{ dokument_id: string }>(result)) unlinked.add(r.dokument_id);
};
