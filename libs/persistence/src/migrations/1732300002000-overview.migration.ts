import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overview: a configuration version that every configuration change moves (so the API rebuilds its
 * snapshot on the next call), and the append-only, hash-chained access log.
 */
export class Overview1732300002000 implements MigrationInterface {
  name = 'Overview1732300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table configuration_version (
        id smallint primary key default 1 check (id = 1),
        version bigint not null default 1,
        changed_at timestamptz not null default now()
      );
      insert into configuration_version (id, version) values (1, 1);

      create function bump_configuration_version() returns trigger language plpgsql as $$
      begin
        update configuration_version set version = version + 1, changed_at = now() where id = 1;
        return null;
      end $$;
    `);
    for (const table of [
      'municipality',
      'fagsystem',
      'fagsystem_connection',
      'kle_catalogue_version',
      'kle_config',
      'kle_config_fagsystem',
      'kle_contact_point',
    ]) {
      await q.query(`
        create trigger ${table}_bumps_configuration after insert or update or delete or truncate on ${table}
          for each statement execute function bump_configuration_version()`);
    }
    await q.query(`
      -- One row per call that read a citizen's data. Each row's hash covers its content and the previous
      -- row's hash, so changing or removing a row breaks the chain from there on.
      create table access_log (
        seq bigint primary key,
        at timestamptz not null,
        client_id text not null,
        purpose text not null,
        citizen_key text not null,
        municipalities text[] not null,
        record_ids uuid[] not null,
        flagged boolean not null default false,
        prev_hash char(64) not null,
        hash char(64) not null
      );
      create index access_log_by_citizen on access_log (citizen_key, seq desc);
      create table access_log_head (
        id smallint primary key default 1 check (id = 1),
        seq bigint not null,
        hash char(64) not null
      );
      insert into access_log_head (id, seq, hash) values (1, 0, repeat('0', 64));

      create function access_log_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'access_log is append-only' using errcode = '42501';
      end $$;
      create trigger access_log_append_only before update or delete or truncate on access_log
        for each statement execute function access_log_is_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table access_log_head;
      drop table access_log;
      drop function access_log_is_append_only();
    `);
    for (const table of [
      'municipality',
      'fagsystem',
      'fagsystem_connection',
      'kle_catalogue_version',
      'kle_config',
      'kle_config_fagsystem',
      'kle_contact_point',
    ]) {
      await q.query(`drop trigger ${table}_bumps_configuration on ${table}`);
    }
    await q.query('drop table configuration_version; drop function bump_configuration_version();');
  }
}
