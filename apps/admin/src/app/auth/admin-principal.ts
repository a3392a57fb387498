export const ADMIN_ROLES = ['MUNICIPAL_ADMIN', 'OPERATOR', 'AUDITOR'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** Who is using the administration: from the session (pages) or a bearer token (JSON API). */
export interface AdminPrincipal {
  /** The user name (local login), the provider's subject (OpenID Connect) or the token's `sub`. */
  subject: string;
  name: string;
  role: AdminRole;
  /** The municipality of a municipal administrator; null for operators and auditors. */
  cvr: string | null;
}

export const ROLE_TITLES: Record<AdminRole, string> = {
  MUNICIPAL_ADMIN: 'Kommunal administrator',
  OPERATOR: 'Operatør',
  AUDITOR: 'Revisor',
};

/** A principal of untrusted claims (a token, an ID token), or null when they do not make one. */
export function principalOfClaims(subject: unknown, name: unknown, role: unknown, cvr: unknown): AdminPrincipal | null {
  if (typeof subject !== 'string' || subject === '') return null;
  const r = role === undefined && typeof cvr === 'string' ? 'MUNICIPAL_ADMIN' : role;
  if (typeof r !== 'string' || !(ADMIN_ROLES as readonly string[]).includes(r)) return null;
  const municipal = r === 'MUNICIPAL_ADMIN';
  if (municipal && (typeof cvr !== 'string' || !/^\d{8}$/.test(cvr))) return null;
  return {
    subject,
    name: typeof name === 'string' && name !== '' ? name : subject,
    role: r as AdminRole,
    cvr: municipal ? (cvr as string) : null,
  };
}
