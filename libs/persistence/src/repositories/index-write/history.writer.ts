import type { ApplyPlan } from '@overblik/domain';
import { bodyFields } from './index-upsert';
import { j, type Tx } from './sql';

/** History bodies of removed objects are erased (this chunk's own registrations come after, planned without). */
export async function eraseHistory(tx: Tx, erasures: ApplyPlan['erasures']): Promise<void> {
  if (!erasures.length) return;
  await tx.query(
    `update index_registration r set body = null
       from jsonb_to_recordset($1::jsonb) as e(kind text, id uuid)
      where r.object_id = e.id and r.kind = e.kind and r.body is not null`,
    [j(erasures.map((e) => ({ kind: e.kind, id: e.id })))],
  );
}

/** The chunk's registrations (applied and stale); a body as delivered is copied from its inbox row. */
export async function insertRegistrations(
  tx: Tx,
  registrations: ApplyPlan['registrations'],
  deliveryId: string | undefined,
): Promise<void> {
  if (!registrations.length) return;
  await tx.query(
    `insert into index_registration (citizen_key, object_id, kind, operation, source_tidspunkt, outcome, body)
     select r.citizen_key, r.object_id, r.kind, r.operation, r.source_tidspunkt, r.outcome, replace_json_strings(case when r.seq is null then r.body else di.payload end, r.party_urn_keys)
       from jsonb_to_recordset($1::jsonb) as r(citizen_key text, object_id uuid, kind text, operation text,
            source_tidspunkt timestamptz, outcome text, seq int, body jsonb, party_urn_keys jsonb)
       left join delivery_item di on di.delivery_id = $2::uuid and di.seq = r.seq`,
    [
      j(
        registrations.map((r) => ({
          citizen_key: r.citizenKey,
          object_id: r.objectId,
          kind: r.kind,
          operation: r.operation,
          source_tidspunkt: r.sourceTidspunkt,
          outcome: r.outcome,
          ...bodyFields(
            { seq: r.seq, asDelivered: r.bodyAsDelivered, body: r.body, partyUrnKeys: r.partyUrnKeys },
            deliveryId,
          ),
        })),
      ),
      deliveryId ?? null,
    ],
  );
}
