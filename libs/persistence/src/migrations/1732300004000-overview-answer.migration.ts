import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rendered overview answer per citizen: the citizen's part of the answer as JSON text, stamped with
 * what it was rendered from (the read model's revision, the configuration version) and the days it holds
 * [valid_from, valid_until). A reader uses it only when all three still match, so it never answers with
 * anything the rules would not give now; otherwise the answer is rendered again and stored back.
 * The body is compressed with pglz, the method every PostgreSQL build has (lz4 is a build option that
 * some builds, the embedded PostgreSQL among them, lack). A database that ran this migration when it
 * asked for lz4 keeps that column; the next migration drops it anyway.
 */
export class OverviewAnswer1732300004000 implements MigrationInterface {
  name = 'OverviewAnswer1732300004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table overview_answer (
        citizen_key text primary key,
        revision bigint not null,
        configuration_version bigint not null,
        valid_from date not null,
        valid_until date not null,
        body text compression pglz not null,
        municipalities text[] not null,
        record_ids text[] not null,
        etag text not null,
        rendered_at timestamptz not null default now(),
        check (valid_from < valid_until)
      ) with (fillfactor = 90);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table overview_answer');
  }
}
