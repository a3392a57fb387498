import type { ApplyPlan, PlannedOutcome } from '@overblik/domain';
import { j, type Tx } from './sql';

/** Why a payload was redacted, as its stub says. */
export const REDACTED_REMOVED = 'removed';
export const REDACTED_RETENTION = 'retention';
/** SQL for the stub that replaces a redacted payload: no party data, only what the row is about. */
export const redactionStub = (reason: string, kind: string, id: string): string =>
  `jsonb_build_object('redacted', true, 'reason', ${reason}::text, 'kind', ${kind}, 'uuid', ${id})`;

/** Records the outcomes; a deferred item stays pending, counts the deferral and says what it waits for. */
export async function markItems(tx: Tx, deliveryId: string, outcomes: readonly PlannedOutcome[]): Promise<void> {
  if (!outcomes.length) return;
  await tx.query(
    `update delivery_item di
        set state = case when r.state = 'deferred' then 'pending' else r.state end,
            deferrals = di.deferrals + case when r.state = 'deferred' then 1 else 0 end,
            rule = r.rule, pointer = r.pointer, message = r.message,
            processed_at = case when r.state = 'deferred' then null else now() end
       from jsonb_to_recordset($2::jsonb) as r(seq int, state text, rule text, pointer text, message text)
      where di.delivery_id = $1 and di.seq = r.seq`,
    [deliveryId, j(outcomes)],
  );
  const rejected = outcomes.filter((o) => o.state === 'rejected').map((o) => o.seq);
  if (!rejected.length) return;
  await tx.query(
    `insert into dead_letter (fagsystem_id, delivery_id, seq, object_id, payload, rule, pointer, message)
     select d.fagsystem_id, d.id, di.seq, di.object_id, di.payload, di.rule, di.pointer, di.message
       from delivery d join delivery_item di on di.delivery_id = d.id
      where d.id = $1 and di.seq = any($2::int[])
     on conflict (delivery_id, seq) do nothing`,
    [deliveryId, rejected],
  );
}

/**
 * After the chunk's outcomes are marked: the inbox items and dead letters of objects a source removed
 * get a stub without party data instead of their payload (rows stay for counts and audit). Pending
 * items are left alone (they are applied later, and erased then if the object is still removed), and
 * so are this delivery's items after an erasure's `throughSeq` (a re-import after the remove). A row
 * whose kind is unknown (refused at intake) counts as the object's when it names its uuid.
 */
export async function eraseInboxCopies(tx: Tx, deliveryId: string, erasures: ApplyPlan['erasures']): Promise<void> {
  if (!erasures.length) return;
  const params = [
    deliveryId,
    j(erasures.map((e) => ({ kind: e.kind, id: e.id, through_seq: e.throughSeq }))),
    REDACTED_REMOVED,
  ];
  const erased = `jsonb_to_recordset($2::jsonb) as e(kind text, id uuid, through_seq int)`;
  await tx.query(
    `update delivery_item di set payload = ${redactionStub('$3', 'e.kind', 'e.id')}, redacted_at = now()
       from ${erased}
      where di.object_id = e.id and di.redacted_at is null and di.state <> 'pending'
        and coalesce(di.kind, di.payload->'object'->>'objectType', e.kind) = e.kind
        and not (di.delivery_id = $1::uuid and e.through_seq is not null and di.seq > e.through_seq)`,
    params,
  );
  await tx.query(
    `update dead_letter dl set payload = ${redactionStub('$3', 'e.kind', 'e.id')}, redacted_at = now()
       from ${erased}
      where dl.object_id = e.id and dl.redacted_at is null
        and coalesce(dl.payload->'object'->>'objectType', e.kind) = e.kind
        and not (dl.delivery_id = $1::uuid and e.through_seq is not null and dl.seq > e.through_seq)`,
    params,
  );
}
