import type { ClientBase } from 'pg';
import { quoteIdent } from '@perflens/conventions';

/** What the advisor knows about one pg_stat_statements.userid. */
export interface StatementRole {
  /** The role's name, quoted for SET ROLE. */
  quoted: string;
  name: string;
  superuser: boolean;
  /** Whether the advisor's own role may SET ROLE to it (membership; the SET option on PostgreSQL 16+). */
  canSet: boolean;
}

/** The role to plan a statement as, or why it is not planned. */
export type PlanningRole = { role: StatementRole } | { skip: string };

/**
 * Looks up the roles behind `userids` (pg_stat_statements.userid, as text) in one query. A userid whose
 * role was dropped is absent from the map.
 */
export async function readStatementRoles(
  client: ClientBase,
  userids: readonly string[],
): Promise<Map<string, StatementRole>> {
  const unique = [...new Set(userids)];
  if (unique.length === 0) return new Map();
  // PostgreSQL 16 split SET ROLE's right from membership (GRANT ... WITH SET); before, membership is it.
  const version = await client.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
  const privilege = version.rows[0]!.v >= 160000 ? 'SET' : 'MEMBER';
  const result = await client.query<{ userid: string; name: string; superuser: boolean; can_set: boolean }>(
    `SELECT r.oid::text AS userid, r.rolname AS name, r.rolsuper AS superuser, pg_has_role(r.oid, $2) AS can_set
     FROM pg_roles r WHERE r.oid = ANY($1::oid[])`,
    [unique, privilege],
  );
  return new Map(
    result.rows.map((r) => [
      r.userid,
      { name: r.name, quoted: quoteIdent(r.name), superuser: r.superuser, canSet: r.can_set },
    ]),
  );
}

/**
 * Chooses the role a statement is planned as: the role that ran it most often among those that are not
 * superusers and that the advisor may SET ROLE to. A statement run only by superusers is planned (as that
 * superuser) only with `planSuperuserStatements`, since planning can evaluate functions with the planning
 * role's rights. Reasons name roles, never statement values or settings.
 */
export function choosePlanningRole(
  userids: readonly string[],
  roles: ReadonlyMap<string, StatementRole>,
  options: { planSuperuserStatements: boolean },
): PlanningRole {
  const known = userids.map((id) => roles.get(id)).filter((r): r is StatementRole => r !== undefined);
  const ordinary = known.find((r) => !r.superuser && r.canSet);
  if (ordinary) return { role: ordinary };
  const superuser = known.find((r) => r.superuser && r.canSet);
  if (superuser && options.planSuperuserStatements) return { role: superuser };
  if (known.length === 0)
    return { skip: 'not planned: the role that ran it no longer exists, so its privileges are unknown' };
  const blocked = known.find((r) => !r.superuser);
  if (blocked)
    return {
      skip:
        `not planned: the advisor's role cannot SET ROLE to ${blocked.quoted}, the role that ran it ` +
        `(grant membership as docs/advisor.md shows, or leave this statement out)`,
    };
  return {
    skip:
      `not planned: it was run by superuser role ${known[0]!.quoted} and superuser statements are not ` +
      `planned (option planSuperuserStatements)`,
  };
}
