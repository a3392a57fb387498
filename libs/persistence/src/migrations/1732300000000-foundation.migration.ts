import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation schema. Reference tables (municipality, fagsystem, KLE, configuration) are small and
 * would be Citus reference tables; every citizen-facing table carries `citizen_key` (keyed hash of
 * the primary party) as the first primary-key column so it can be distributed by it (docs/adr/0001).
 */
export class Foundation1732300000000 implements MigrationInterface {
  name = 'Foundation1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table municipality (
        cvr char(8) primary key check (cvr ~ '^[0-9]{8}$'),
        name text not null,
        created_at timestamptz not null default now()
      );
      create table fagsystem (
        id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        vendor text not null,
        product text not null,
        version text not null,
        category text not null check (category in ('ESDH','EOJ','JOBCENTER','PLADSANVISNING')),
        created_at timestamptz not null default now()
      );
      create table fagsystem_connection (
        municipality_cvr char(8) not null references municipality(cvr) on delete cascade,
        fagsystem_id text not null references fagsystem(id) on delete cascade,
        status text not null check (status in ('PILOT','CERTIFIED','ROLLED_OUT','SUSPENDED')),
        connected_at timestamptz not null default now(),
        primary key (municipality_cvr, fagsystem_id)
      );
      create index fagsystem_connection_by_system on fagsystem_connection (fagsystem_id);

      create table kle_catalogue_version (
        version text primary key,
        source text not null,
        imported_at timestamptz not null default now(),
        node_count integer not null,
        is_current boolean not null default false
      );
      create unique index kle_catalogue_one_current on kle_catalogue_version (is_current) where is_current;
      create table kle_node (
        version text not null references kle_catalogue_version(version) on delete cascade,
        nummer text not null,
        level text not null check (level in ('hovedgruppe','gruppe','emne','handlingsfacet')),
        uuid uuid,
        titel text not null,
        oprettet date,
        rettet date,
        udgaaet date,
        afloest_af text[] not null default '{}',
        primary key (version, nummer)
      );

      create table kle_config (
        municipality_cvr char(8) not null references municipality(cvr) on delete cascade,
        kle text not null check (kle ~ '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$'),
        shown boolean not null default true,
        fra_dato date not null,
        active_case_override boolean not null default false,
        title_source text not null default 'KLE' check (title_source in ('KLE','SAG')),
        document_titles boolean not null default false,
        selfservice_url text,
        borgerdk_url text,
        updated_at timestamptz not null default now(),
        primary key (municipality_cvr, kle)
      );
      create table kle_config_fagsystem (
        municipality_cvr char(8) not null,
        kle text not null,
        fagsystem_id text not null references fagsystem(id) on delete cascade,
        primary key (municipality_cvr, kle, fagsystem_id),
        foreign key (municipality_cvr, kle) references kle_config(municipality_cvr, kle) on delete cascade
      );
      create table kle_contact_point (
        id bigserial primary key,
        municipality_cvr char(8) not null,
        kle text not null,
        type text not null check (type in ('DIGITAL_POST','TELEFON','EMAIL','HJEMMESIDE','FYSISK')),
        value text not null,
        label text,
        foreign key (municipality_cvr, kle) references kle_config(municipality_cvr, kle) on delete cascade
      );
      create index kle_contact_point_by_config on kle_contact_point (municipality_cvr, kle);
      create table safety_word (
        municipality_cvr char(8) not null references municipality(cvr) on delete cascade,
        word text not null check (length(word) between 2 and 100),
        primary key (municipality_cvr, word)
      );

      -- Where each index object lives: routes an object id (what vendors send) to its citizen shard,
      -- and carries what ordering and ownership checks need without touching the object row.
      create table object_locator (
        id uuid primary key,
        kind text not null check (kind in ('sag','dokument','bevilling','effektuering')),
        citizen_key text not null,
        owner_cvr char(8) not null,
        master_fagsystem text not null,
        source_tidspunkt timestamptz not null,
        updated_at timestamptz not null default now()
      );

      create table sag (
        citizen_key text not null,
        id uuid not null,
        owner_cvr char(8) not null,
        master_fagsystem text not null,
        kle text not null,
        opstaaet_at timestamptz not null,
        source_tidspunkt timestamptz not null,
        received_at timestamptz not null default now(),
        body jsonb not null,
        primary key (citizen_key, id)
      );
      create table dokument (
        citizen_key text not null,
        id uuid not null,
        owner_cvr char(8) not null,
        master_fagsystem text not null,
        dokumenttype text not null,
        source_tidspunkt timestamptz not null,
        received_at timestamptz not null default now(),
        body jsonb not null,
        primary key (citizen_key, id)
      );
      -- journal post links: which cases a document sits on (a document may sit on several)
      create table sag_dokument (
        citizen_key text not null,
        sag_id uuid not null,
        dokument_id uuid not null,
        titel text,
        primary key (citizen_key, sag_id, dokument_id)
      );
      create index sag_dokument_by_dokument on sag_dokument (dokument_id);
      create table bevilling (
        citizen_key text not null,
        id uuid not null,
        sag_id uuid,
        owner_cvr char(8) not null,
        master_fagsystem text not null,
        source_tidspunkt timestamptz not null,
        received_at timestamptz not null default now(),
        body jsonb not null,
        primary key (citizen_key, id)
      );
      create table effektuering (
        citizen_key text not null,
        id uuid not null,
        owner_cvr char(8) not null,
        master_fagsystem text not null,
        bevilling_ids uuid[] not null,
        dispositionsdato date not null,
        source_tidspunkt timestamptz not null,
        received_at timestamptz not null default now(),
        body jsonb not null,
        primary key (citizen_key, id)
      );
      -- every registration ever applied (or kept back as stale), per object: the history
      create table index_registration (
        citizen_key text not null,
        object_id uuid not null,
        kind text not null,
        seq bigserial,
        operation text not null check (operation in ('import','update','remove')),
        source_tidspunkt timestamptz not null,
        received_at timestamptz not null default now(),
        outcome text not null check (outcome in ('applied','stale')),
        body jsonb,
        primary key (citizen_key, object_id, seq)
      );

      -- the per-citizen read model: one row per citizen, everything the overview needs
      create table citizen_overview (
        citizen_key text primary key,
        body jsonb not null,
        revision bigint not null default 1,
        updated_at timestamptz not null default now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table citizen_overview, index_registration, effektuering, bevilling, sag_dokument, dokument, sag,
        object_locator, safety_word, kle_contact_point, kle_config_fagsystem, kle_config, kle_node,
        kle_catalogue_version, fagsystem_connection, fagsystem, municipality;
    `);
  }
}
