import type { LocatorState } from '@overblik/domain';
import { j, type Tx } from './sql';

/** Where each object lives (kind, citizen, owner, master, source time, removed), one row per object id. */
export async function upsertLocators(tx: Tx, locators: readonly LocatorState[]): Promise<void> {
  if (!locators.length) return;
  await tx.query(
    `insert into object_locator (id, kind, citizen_key, owner_cvr, master_fagsystem, source_tidspunkt, removed_at, updated_at)
     select id, kind, citizen_key, owner_cvr, master_fagsystem, source_tidspunkt, removed_at, now()
       from jsonb_to_recordset($1::jsonb) as r(id uuid, kind text, citizen_key text, owner_cvr text,
            master_fagsystem text, source_tidspunkt timestamptz, removed_at timestamptz)
     on conflict (id) do update set kind = excluded.kind, citizen_key = excluded.citizen_key,
       owner_cvr = excluded.owner_cvr, master_fagsystem = excluded.master_fagsystem,
       source_tidspunkt = excluded.source_tidspunkt, removed_at = excluded.removed_at, updated_at = now()`,
    [
      j(
        locators.map((l) => ({
          id: l.id,
          kind: l.kind,
          citizen_key: l.citizenKey,
          owner_cvr: l.ownerCvr,
          master_fagsystem: l.masterFagsystem,
          source_tidspunkt: l.sourceTidspunkt,
          removed_at: l.removedAt,
        })),
      ),
    ],
  );
}
