import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The durable inbox of deliveries, the dead-letter store and the safety net's held records. */
export class Ingestion1732300001000 implements MigrationInterface {
  name = 'Ingestion1732300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table object_locator add column removed_at timestamptz;
      alter table dokument add column master_removed_at timestamptz;

      create table delivery (
        id uuid primary key,
        fagsystem_id text not null references fagsystem(id),
        idempotency_key text,
        body_hash text not null,
        transport text not null check (transport in ('batch','stream')),
        item_count integer not null default 0,
        received_at timestamptz not null default now(),
        completed_at timestamptz
      );
      create unique index delivery_idempotency on delivery (fagsystem_id, idempotency_key) where idempotency_key is not null;
      create index delivery_by_received on delivery (received_at);

      create table delivery_item (
        delivery_id uuid not null references delivery(id) on delete cascade,
        seq integer not null,
        object_id uuid,
        kind text,
        operation text,
        source_tidspunkt timestamptz,
        payload jsonb not null,
        state text not null default 'pending' check (state in ('pending','applied','rejected','held','stale')),
        rule text,
        pointer text,
        message text,
        processed_at timestamptz,
        primary key (delivery_id, seq)
      );
      create index delivery_item_pending on delivery_item (delivery_id, seq) where state = 'pending';

      create table dead_letter (
        id bigserial primary key,
        fagsystem_id text not null,
        delivery_id uuid not null,
        seq integer not null,
        object_id uuid,
        payload jsonb not null,
        rule text not null,
        pointer text not null,
        message text not null,
        created_at timestamptz not null default now(),
        replayed_at timestamptz,
        replay_delivery_id uuid,
        unique (delivery_id, seq)
      );
      create index dead_letter_by_vendor on dead_letter (fagsystem_id, id) where replayed_at is null;

      create table held_record (
        id bigserial primary key,
        citizen_key text not null,
        object_id uuid not null,
        kind text not null,
        owner_cvr char(8) not null,
        pointer text not null,
        reason text not null,
        held_at timestamptz not null default now(),
        released_at timestamptz,
        released_by text,
        unique (object_id, pointer)
      );
      create index held_record_open_by_owner on held_record (owner_cvr, id) where released_at is null;
      create index held_record_by_citizen on held_record (citizen_key);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table held_record, dead_letter, delivery_item, delivery;
      alter table dokument drop column master_removed_at;
      alter table object_locator drop column removed_at;
    `);
  }
}
