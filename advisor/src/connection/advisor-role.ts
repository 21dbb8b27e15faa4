import type { ClientBase } from 'pg';

/**
 * Why the advisor must not run on this connection, or undefined when it may. The advisor plans SQL that
 * applications wrote (taken from pg_stat_statements), and planning can evaluate functions; code run that
 * way can RESET ROLE back to the advisor's login role, so that role must not be a superuser. Running as
 * one anyway takes an explicit `allowSuperuser` (CLI --allow-superuser). The message names the role
 * and the fix, nothing else.
 */
export async function advisorRoleRefusal(
  client: ClientBase,
  options: { allowSuperuser: boolean },
): Promise<string | undefined> {
  const result = await client.query<{ name: string; superuser: boolean }>(
    `SELECT session_user AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = session_user`,
  );
  const role = result.rows[0];
  if (!role?.superuser || options.allowSuperuser) return undefined;
  return (
    `the advisor connects as superuser "${role.name}" and refuses to plan application SQL with a ` +
    `superuser's rights: connect as a least-privilege role (pg_monitor, pg_read_all_stats and membership ` +
    `in the application roles; see "Privileges" in docs/advisor.md and advisor/sql/advisor-role.sql), ` +
    `or pass --allow-superuser (config: allowSuperuser: true) to accept the risk`
  );
}
