import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An administrator's review of a held record: besides a release, "keep hidden" with a reason, who and
 * when. A kept record stays held (released_at null); the three columns are set together or not at all.
 */
export class HeldRecordReview1732300020100 implements MigrationInterface {
  name = 'HeldRecordReview1732300020100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table held_record
        add column kept_at timestamptz,
        add column kept_by text,
        add column keep_reason text check (length(keep_reason) between 1 and 500),
        add constraint held_record_kept_whole check (
          (kept_at is null and kept_by is null and keep_reason is null)
          or (kept_at is not null and kept_by is not null and keep_reason is not null));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table held_record drop constraint held_record_kept_whole,
        drop column kept_at, drop column kept_by, drop column keep_reason;
    `);
  }
}
