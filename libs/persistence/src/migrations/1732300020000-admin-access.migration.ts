import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may use the administration, their sessions, and what they did. A user is a municipal
 * administrator (of one municipality), an operator (all municipalities) or an auditor (read-only).
 * Passwords are scrypt hashes and exist only for local login (development); users of an OpenID
 * Connect provider have none. Sessions are express-session's (connect-pg-simple's table shape).
 * The audit record is append-only.
 */
export class AdminAccess1732300020000 implements MigrationInterface {
  name = 'AdminAccess1732300020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table admin_user (
        username text primary key check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
        display_name text not null,
        role text not null check (role in ('MUNICIPAL_ADMIN', 'OPERATOR', 'AUDITOR')),
        municipality_cvr char(8) references municipality (cvr) on delete cascade,
        password_hash text,
        created_at timestamptz not null default now(),
        check ((role = 'MUNICIPAL_ADMIN') = (municipality_cvr is not null))
      );
      create table admin_session (
        sid varchar primary key,
        sess json not null,
        expire timestamp(6) not null
      );
      create index admin_session_expire on admin_session (expire);
      create table admin_login_failure (
        username text not null,
        at timestamptz not null default now()
      );
      create index admin_login_failure_by_user on admin_login_failure (username, at);
      create table admin_audit (
        id bigserial primary key,
        at timestamptz not null default now(),
        actor text not null,
        role text not null,
        municipality_cvr char(8),
        action text not null,
        target text,
        reason text
      );
      create index admin_audit_by_municipality on admin_audit (municipality_cvr, id desc);
      create function admin_audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'admin_audit is append-only';
      end $$;
      create trigger admin_audit_append_only before update or delete on admin_audit
        for each row execute function admin_audit_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table admin_audit; drop function admin_audit_append_only();
      drop table admin_login_failure; drop table admin_session; drop table admin_user;
    `);
  }
}
