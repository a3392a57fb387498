import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * National etaper as data (an etape's year sets the latest fra-dato of its emner), and the way a
 * municipality changes its KLE configuration: one open draft per municipality holding the whole
 * configuration as a snapshot, and every published version kept. A version's approver is never its
 * author (four eyes); a rollback records who took it and from which version it came.
 */
export class KleConfigVersions1732300021000 implements MigrationInterface {
  name = 'KleConfigVersions1732300021000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table etape (
        nr smallint primary key check (nr > 0),
        year smallint not null check (year between 2000 and 2100),
        title text not null check (length(title) between 1 and 200)
      );
      create table etape_emne (
        etape_nr smallint not null references etape (nr) on delete cascade,
        kle text not null check (kle ~ '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$'),
        primary key (etape_nr, kle)
      );
      create index etape_emne_by_kle on etape_emne (kle);

      create table kle_config_draft (
        municipality_cvr char(8) primary key references municipality (cvr) on delete cascade,
        author_subject text not null,
        author_name text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        submitted_at timestamptz,
        base_version integer not null,
        snapshot jsonb not null check (jsonb_typeof(snapshot -> 'lines') = 'array')
      );

      create table kle_config_version (
        municipality_cvr char(8) not null references municipality (cvr) on delete cascade,
        version integer not null check (version >= 0),
        snapshot jsonb not null check (jsonb_typeof(snapshot -> 'lines') = 'array'),
        author_subject text not null,
        author_name text not null,
        approver_subject text,
        approver_name text,
        published_at timestamptz not null default now(),
        reason text not null,
        rolled_back_from integer,
        primary key (municipality_cvr, version),
        check (approver_subject is null or approver_subject <> author_subject),
        check (version = 0 or approver_subject is not null or rolled_back_from is not null)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'drop table kle_config_version; drop table kle_config_draft; drop table etape_emne; drop table etape;',
    );
  }
}
