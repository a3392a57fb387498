import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored answer's citizen part as a raw deflate stream ready to be sent inside a gzip answer
 * (`overview.gzip.ts`), with the CRC-32 (as a signed 32-bit integer) and length of what it holds.
 * Stored as it is (`external`: the database does not compress it again) and in the row itself: up
 * to the largest row a page holds (`toast_tuple_target`), so a read fetches one heap tuple and no
 * TOAST chunks. The store is a cache of what the rules give, so it starts empty: every answer is
 * rendered again on its next call, or by `npm run overview:prerender`. Going down puts the text column
 * back with pglz, which every PostgreSQL build has (not lz4, a build option the embedded one lacks).
 */
export class OverviewAnswerGzip1732300005000 implements MigrationInterface {
  name = 'OverviewAnswerGzip1732300005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      truncate overview_answer;
      alter table overview_answer
        drop column body,
        add column body_deflate bytea not null,
        add column body_crc32 integer not null,
        add column body_length integer not null check (body_length >= 0);
      alter table overview_answer alter column body_deflate set storage external;
      alter table overview_answer set (toast_tuple_target = 8160);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      truncate overview_answer;
      alter table overview_answer reset (toast_tuple_target);
      alter table overview_answer
        drop column body_deflate,
        drop column body_crc32,
        drop column body_length,
        add column body text compression pglz not null;
    `);
  }
}
