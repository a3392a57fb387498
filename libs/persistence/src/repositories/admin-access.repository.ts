import type { DataSource } from 'typeorm';

export type AdminUserRole = 'MUNICIPAL_ADMIN' | 'OPERATOR' | 'AUDITOR';

export interface AdminUser {
  username: string;
  displayName: string;
  role: AdminUserRole;
  municipalityCvr: string | null;
  passwordHash: string | null;
}

export interface AdminAuditRecord {
  id: string;
  at: string;
  actor: string;
  role: string;
  municipalityCvr: string | null;
  action: string;
  target: string | null;
  reason: string | null;
}

export type NewAdminAuditRecord = Omit<AdminAuditRecord, 'id' | 'at'>;

/** The administration's users, failed logins and the append-only record of what administrators did. */
export class AdminAccessRepository {
  constructor(private readonly db: DataSource) {}

  async findUser(username: string): Promise<AdminUser | null> {
    const rows: AdminUser[] = await this.db.query(
      `select username, display_name as "displayName", role, municipality_cvr as "municipalityCvr",
              password_hash as "passwordHash"
         from admin_user where username = $1`,
      [username],
    );
    return rows[0] ?? null;
  }

  /** Insert or update users (development seed, provisioning). */
  async upsertUsers(users: AdminUser[]): Promise<void> {
    for (const u of users) {
      await this.db.query(
        `insert into admin_user (username, display_name, role, municipality_cvr, password_hash)
         values ($1, $2, $3, $4, $5)
         on conflict (username) do update set display_name = excluded.display_name, role = excluded.role,
           municipality_cvr = excluded.municipality_cvr, password_hash = excluded.password_hash`,
        [u.username, u.displayName, u.role, u.municipalityCvr, u.passwordHash],
      );
    }
  }

  /** Failed logins of a username within the window, after recording this one when `record`. */
  async failedLogins(username: string, windowMinutes: number, record: boolean): Promise<number> {
    if (record) await this.db.query('insert into admin_login_failure (username) values ($1)', [username]);
    const rows: Array<{ n: string }> = await this.db.query(
      `select count(*)::text as n from admin_login_failure
        where username = $1 and at > now() - make_interval(mins => $2)`,
      [username, windowMinutes],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async clearFailedLogins(username: string): Promise<void> {
    await this.db.query('delete from admin_login_failure where username = $1', [username]);
  }

  async record(entry: NewAdminAuditRecord): Promise<void> {
    await this.db.query(
      `insert into admin_audit (actor, role, municipality_cvr, action, target, reason) values ($1,$2,$3,$4,$5,$6)`,
      [entry.actor, entry.role, entry.municipalityCvr, entry.action, entry.target, entry.reason],
    );
  }

  /** Newest first; one municipality's, or all when `municipalityCvr` is null. */
  async auditTrail(municipalityCvr: string | null, limit = 200): Promise<AdminAuditRecord[]> {
    return this.db.query(
      `select id::text, to_char(at at time zone 'Europe/Copenhagen', 'YYYY-MM-DD HH24:MI:SS') as at, actor, role,
              municipality_cvr as "municipalityCvr", action, target, reason
         from admin_audit where ($1::char(8) is null or municipality_cvr = $1) order by id desc limit $2`,
      [municipalityCvr, limit],
    );
  }

  async municipalities(): Promise<Array<{ cvr: string; name: string }>> {
    return this.db.query('select cvr, name from municipality order by name');
  }
}
