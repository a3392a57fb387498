import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Streams stored before deliveries had a state and never closed are incomplete, not complete. */
export class UnfinishedStreamsIncomplete1732300011000 implements MigrationInterface {
  name = 'UnfinishedStreamsIncomplete1732300011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`update delivery set state = 'incomplete' where transport = 'stream' and completed_at is null`);
  }

  async down(): Promise<void> {
    // the state column goes with the schema migration before this one
  }
}
