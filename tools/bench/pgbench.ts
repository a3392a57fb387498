/** pgbench for the benchmarks: the binary, and its connection arguments for a PostgreSQL URL. */
export const PGBENCH = process.env['PGBENCH'] ?? '/usr/lib/postgresql/15/bin/pgbench';

/**
 * `-h -p -U database` for pgbench, from a postgres:// URL; a Unix-socket directory as the host is given
 * percent-encoded, as node-postgres reads it (postgres://postgres@%2Fvar%2Frun%2Fpostgresql/db).
 */
export function pgbenchConnection(url: string): string[] {
  const u = new URL(url);
  return [
    '-h',
    decodeURIComponent(u.hostname),
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username) || 'postgres',
    u.pathname.slice(1),
  ];
}
