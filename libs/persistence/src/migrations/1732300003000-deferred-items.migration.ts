import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deferred inbox items: a payment whose grant is still pending in the inbox stays pending and counts
 * its deferrals (it is rejected after a bounded number); pending grants are found by object id.
 */
export class DeferredItems1732300003000 implements MigrationInterface {
  name = 'DeferredItems1732300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table delivery_item add column deferrals smallint not null default 0;
      create index delivery_item_pending_bevilling on delivery_item (object_id) where state = 'pending' and kind = 'bevilling';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop index delivery_item_pending_bevilling;
      alter table delivery_item drop column deferrals;
    `);
  }
}
