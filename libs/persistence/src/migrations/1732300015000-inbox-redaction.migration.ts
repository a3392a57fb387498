import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbox and dead-letter bodies can be redacted: the payload is replaced by a stub without party data
 * and `redacted_at` says when (a source removed the object, or the retention period ran out). The rows
 * stay for the delivery's counts and the audit. The indexes find an object's copies (a removal) and the
 * copies past the retention period (the purge); a redacted row leaves both. The history's bodies of an
 * object are found the same way when it is removed.
 */
export class InboxRedaction1732300015000 implements MigrationInterface {
  name = 'InboxRedaction1732300015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table delivery_item add column redacted_at timestamptz;
      alter table dead_letter add column redacted_at timestamptz;
      create index delivery_item_unredacted_by_object on delivery_item (object_id) where redacted_at is null;
      create index delivery_item_unredacted_by_processed on delivery_item (processed_at)
        where redacted_at is null and state <> 'pending';
      create index dead_letter_unredacted_by_object on dead_letter (object_id) where redacted_at is null;
      create index dead_letter_unredacted_by_created on dead_letter (created_at) where redacted_at is null;
      create index index_registration_bodies_by_object on index_registration (object_id) where body is not null;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop index index_registration_bodies_by_object, dead_letter_unredacted_by_created, dead_letter_unredacted_by_object,
        delivery_item_unredacted_by_processed, delivery_item_unredacted_by_object;
      alter table dead_letter drop column redacted_at;
      alter table delivery_item drop column redacted_at;
    `);
  }
}
