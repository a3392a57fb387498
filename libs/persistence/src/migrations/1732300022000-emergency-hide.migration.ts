import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The emergency stop ("nødstop"): a municipality hides at once a KLE emne, a fagsystem's records or one
 * record (object uuid) from its citizens. A stop is in force until it is lifted, deliberately and with a
 * reason; the row stays as the record of who stopped and who lifted. Every change bumps the configuration
 * version, so the overview's next call leaves the records out (rule EMERGENCY-HIDDEN).
 */
export class EmergencyHide1732300022000 implements MigrationInterface {
  name = 'EmergencyHide1732300022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table emergency_hide (
        id uuid primary key default gen_random_uuid(),
        municipality_cvr char(8) not null references municipality (cvr) on delete cascade,
        scope text not null check (scope in ('KLE', 'FAGSYSTEM', 'RECORD')),
        value text not null check (length(value) between 1 and 200),
        reason text not null check (length(btrim(reason)) between 1 and 2000),
        created_by text not null,
        created_at timestamptz not null default now(),
        lifted_by text,
        lifted_at timestamptz,
        lift_reason text,
        check ((lifted_at is null) = (lifted_by is null) and (lifted_at is null) = (lift_reason is null))
      );
      create index emergency_hide_in_force on emergency_hide (municipality_cvr) where lifted_at is null;
      create trigger emergency_hide_bumps_configuration after insert or update or delete or truncate on emergency_hide
        for each statement execute function bump_configuration_version();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table emergency_hide');
  }
}
