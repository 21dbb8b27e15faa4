-- The least-privilege role for `perflens advisor` and the exporter's advisor API (docs/advisor.md,
-- "Privileges"). Run it as a superuser (or a role with CREATEROLE and ADMIN on the application roles),
-- connected to the database the advisor reads:
--
--   psql "$ADMIN_DSN" -v ON_ERROR_STOP=1 \
--     -v advisor_role=perflens_advisor -v app_roles=shop_app,shop_reports \
--     [-v advisor_password=...] [-v enable_apply=on] -f advisor/sql/advisor-role.sql
--
-- advisor_role      the login role the advisor's DSN names (created when missing, never a superuser)
-- app_roles         comma-separated roles whose statements the advisor may plan, as them (SET ROLE);
--                   statements of other roles are reported as "not planned". Empty: plan none.
-- advisor_password  optional; without it the role has no password (certificate or peer authentication)
-- enable_apply      optional; "on" also prepares apply/rollback: the perflens_advisor schema for the audit
--                   table, owned by the advisor. CREATE INDEX CONCURRENTLY further needs the advisor to
--                   own the table, which membership in the owning application role (INHERIT) gives.
\set ON_ERROR_STOP on
\if :{?app_roles}
\else
  \set app_roles ''
\endif

SELECT current_setting('server_version_num')::int >= 160000 AS advisor_pg16,
       EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'advisor_role') AS advisor_exists \gset

\if :advisor_exists
\else
  CREATE ROLE :"advisor_role" LOGIN;
\endif
-- Whatever the role was before: no superuser, no role or database creation, no replication, no RLS bypass.
ALTER ROLE :"advisor_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
\if :{?advisor_password}
  ALTER ROLE :"advisor_role" PASSWORD :'advisor_password';
\endif

-- pg_stat_statements of every role, pg_stat_activity, settings and table statistics (pg_monitor includes
-- pg_read_all_stats; both are named so that the intent survives a change of either).
GRANT pg_monitor, pg_read_all_stats TO :"advisor_role";

-- Planning as the role that ran a statement: SET ROLE needs membership. From PostgreSQL 16 the grant
-- can allow SET ROLE without inheriting the application's privileges.
SELECT format(
         CASE WHEN :'advisor_pg16' THEN 'GRANT %I TO %I WITH INHERIT FALSE, SET TRUE' ELSE 'GRANT %I TO %I' END,
         trim(app_role), :'advisor_role')
FROM unnest(string_to_array(:'app_roles', ',')) AS app_role
WHERE trim(app_role) <> '' \gexec

\if :{?enable_apply}
  \if :enable_apply
    CREATE SCHEMA IF NOT EXISTS perflens_advisor AUTHORIZATION :"advisor_role";
  \endif
\endif
