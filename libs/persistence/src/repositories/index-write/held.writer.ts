import type { ApplyPlan } from '@overblik/domain';
import { j, type Tx } from './sql';

/** Texts held back earlier that a clean registration of their object supersedes. */
export async function releaseSuperseded(tx: Tx, objectIds: readonly string[]): Promise<void> {
  if (!objectIds.length) return;
  await tx.query(
    `update held_record set released_at = now(), released_by = 'superseded' where object_id = any($1::uuid[]) and released_at is null`,
    [objectIds],
  );
}

/** Texts the safety net holds back now (held again when it was released before). */
export async function holdTexts(tx: Tx, held: ApplyPlan['held']): Promise<void> {
  if (!held.length) return;
  await tx.query(
    `insert into held_record (citizen_key, object_id, kind, owner_cvr, pointer, reason)
     select citizen_key, object_id, kind, owner_cvr, pointer, reason
       from jsonb_to_recordset($1::jsonb) as r(citizen_key text, object_id uuid, kind text, owner_cvr text, pointer text, reason text)
     on conflict (object_id, pointer) do update set citizen_key = excluded.citizen_key, reason = excluded.reason,
       held_at = now(), released_at = null, released_by = null`,
    [
      j(
        held.map((h) => ({
          citizen_key: h.citizenKey,
          object_id: h.objectId,
          kind: h.kind,
          owner_cvr: h.ownerCvr,
          pointer: h.pointer,
          reason: h.reason,
        })),
      ),
    ],
  );
}

/** Held texts of removed objects go with them. */
export async function deleteHeldOf(tx: Tx, objectIds: readonly string[]): Promise<void> {
  if (objectIds.length) await tx.query('delete from held_record where object_id = any($1::uuid[])', [objectIds]);
}
