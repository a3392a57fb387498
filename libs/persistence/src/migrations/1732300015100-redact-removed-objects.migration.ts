import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Objects removed before inbox bodies could be redacted: their processed inbox items and dead letters
 * get the stub a removal gives now, and any history body left of them goes.
 */
export class RedactRemovedObjects1732300015100 implements MigrationInterface {
  name = 'RedactRemovedObjects1732300015100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      update delivery_item di
         set payload = jsonb_build_object('redacted', true, 'reason', 'removed', 'kind', l.kind, 'uuid', l.id),
             redacted_at = now()
        from object_locator l
       where l.removed_at is not null and di.object_id = l.id and di.redacted_at is null and di.state <> 'pending'
         and coalesce(di.kind, di.payload->'object'->>'objectType', l.kind) = l.kind;
      update dead_letter dl
         set payload = jsonb_build_object('redacted', true, 'reason', 'removed', 'kind', l.kind, 'uuid', l.id),
             redacted_at = now()
        from object_locator l
       where l.removed_at is not null and dl.object_id = l.id and dl.redacted_at is null
         and coalesce(dl.payload->'object'->>'objectType', l.kind) = l.kind;
      update index_registration r set body = null
        from object_locator l
       where l.removed_at is not null and r.object_id = l.id and r.kind = l.kind and r.body is not null;
    `);
  }

  async down(): Promise<void> {
    // a redacted body does not come back; the columns go with the schema migration before this one
  }
}
