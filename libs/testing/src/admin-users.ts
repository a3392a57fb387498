import { type AdminUser } from '@overblik/persistence';
import { hashPassword } from '@overblik/platform';

/** The password of every development user of the administration (never accepted in production). */
export const DEV_ADMIN_PASSWORD = 'overblik-dev';

/**
 * The administration's development users: two municipal administrators per municipality (four eyes
 * needs two: `admin1-<cvr>`, `admin2-<cvr>`), one operator and one auditor.
 */
export async function devAdminUsers(
  municipalities: ReadonlyArray<{ cvr: string; name: string }>,
): Promise<AdminUser[]> {
  const passwordHash = await hashPassword(DEV_ADMIN_PASSWORD);
  const users: AdminUser[] = [
    { username: 'operator', displayName: 'Operatør', role: 'OPERATOR', municipalityCvr: null, passwordHash },
    { username: 'auditor', displayName: 'Revisor', role: 'AUDITOR', municipalityCvr: null, passwordHash },
  ];
  for (const m of municipalities) {
    for (const n of [1, 2]) {
      users.push({
        username: `admin${n}-${m.cvr}`,
        displayName: `Administrator ${n}, ${m.name}`,
        role: 'MUNICIPAL_ADMIN',
        municipalityCvr: m.cvr,
        passwordHash,
      });
    }
  }
  return users;
}
