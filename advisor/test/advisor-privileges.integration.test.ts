import { useSharedPostgres } from '@perflens/test-harness';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { Client } from 'pg';
import { registerAdvisorCommand } from '../src/cli/advisor-command';
import { createAdvisorService } from '../src/api/advisor-service';
import type { AdvisorReport } from '../src/report/advisor-report';
import { AdvisorRoleError, runAdvisorOnDsn } from '../src/run-advisor';
import { flushStatistics, seedWorkload } from './seeded-workload';

/**
 * Issue 14, item 1: the advisor EXPLAINs statements taken from pg_stat_statements, and planning evaluates
 * IMMUTABLE functions on constants. Here an application role owns an IMMUTABLE function that, when it is
 * evaluated under someone else's session (session_user differs), RESETs ROLE, runs COPY ... TO PROGRAM
 * (a marker file) and raises an error carrying pg_authid's password hashes. The application itself runs
 * the statement harmlessly, so pg_stat_statements records it.
 */
const suffix = randomBytes(4).toString('hex');
const appRole = `perflens_app_${suffix}`;
const otherRole = `perflens_other_${suffix}`;
const advisorRole = `perflens_advisor_${suffix}`;
const SECRET_MARK = 'SCRAM-SHA-256$';
const CALLS = 5;
const options = { minCalls: CALLS, slowMinCalls: 1, slowMeanMs: 0 };
const evilQuery = 'SELECT id, app_magic() AS magic FROM orders WHERE customer_id = $1';
const appQuery = 'SELECT id, total FROM orders WHERE customer_id = $1';
const otherQuery = 'SELECT total FROM orders WHERE customer_id = $1';
const superuserQuery = 'SELECT id, payload FROM events WHERE account_id = $1';

describe('the advisor plans application SQL only with the privileges of the role that ran it', () => {
  const database = useSharedPostgres();
  let admin: Client;
  let markerDir: string;
  const marker = () => path.join(markerDir, 'marker');
  const dsnAs = (role: string) => {
    const url = new URL(database().connectionString);
    url.username = role;
    return url.toString();
  };
  /** Runs `sql` CALLS times as `role`, so pg_stat_statements has it under that role's userid. */
  const runAs = async (role: string, sql: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: dsnAs(role) });
    await client.connect();
    try {
      for (let i = 1; i <= CALLS; i++) await client.query(sql, params.length ? [i * 37] : []);
      await flushStatistics(client);
    } finally {
      await client.end();
    }
  };
  const expectNoLeak = (report: AdvisorReport) => {
    expect(existsSync(marker())).toBe(false);
    expect(JSON.stringify(report)).not.toContain(SECRET_MARK);
  };
  const errorOf = (report: AdvisorReport, query: string) =>
    report.statementErrors.find((e) => e.query === query)?.message;

  beforeAll(async () => {
    markerDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-marker-'));
    chmodSync(markerDir, 0o777); // the server runs as the postgres account
    admin = new Client({ connectionString: database().connectionString });
    await admin.connect();
    await seedWorkload(admin);
    await admin.query(`
      CREATE ROLE ${appRole} LOGIN; CREATE ROLE ${otherRole} LOGIN PASSWORD 'perflens-secret-${suffix}';
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${appRole}, ${otherRole};
      GRANT CREATE ON SCHEMA public TO ${appRole};`);
    const app = new Client({ connectionString: dsnAs(appRole) });
    await app.connect();
    try {
      await app.query(`
        CREATE FUNCTION app_payload() RETURNS int LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
          IF session_user = current_user THEN RETURN 1; END IF;
          BEGIN RESET ROLE; EXCEPTION WHEN OTHERS THEN NULL; END;
          BEGIN
            COPY (SELECT rolpassword FROM pg_authid) TO PROGRAM 'touch ${marker()}';
          EXCEPTION WHEN OTHERS THEN NULL;
          END;
          RAISE EXCEPTION 'leaked %', (SELECT string_agg(rolpassword, ',') FROM pg_authid);
        END $$;
        CREATE FUNCTION app_magic() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT app_payload()';`);
    } finally {
      await app.end();
    }
    await runAs(appRole, evilQuery, [1]);
    await runAs(appRole, appQuery, [1]);
    await runAs(otherRole, otherQuery, [1]);
    for (let i = 1; i <= CALLS; i++) await admin.query(superuserQuery, [i]);
    await flushStatistics(admin);
    await runSetupScript(database().connectionString, advisorRole, appRole);
  }, 120_000);

  afterAll(async () => {
    // Roles are cluster-wide: drop them (after what they own or were granted in this database).
    await admin.query(`DROP OWNED BY ${appRole}, ${otherRole}, ${advisorRole} CASCADE;
      DROP ROLE ${appRole}, ${otherRole}, ${advisorRole}`);
    await admin.end();
    rmSync(markerDir, { recursive: true, force: true });
  });

  it('refuses to run as a superuser unless allowSuperuser is given, and says what to do', async () => {
    const run = runAdvisorOnDsn(database().connectionString, options);
    await expect(run).rejects.toThrow(AdvisorRoleError);
    await expect(run).rejects.toThrow(/superuser "postgres".*docs\/advisor\.md.*--allow-superuser/);
  });

  it('perflens advisor refuses a superuser DSN without --allow-superuser', async () => {
    const program = new Command('perflens').exitOverride();
    registerAdvisorCommand(program);
    await expect(
      program.parseAsync([
        'node',
        'perflens',
        'advisor',
        '--dsn',
        database().connectionString,
        '--min-calls',
        '5',
      ]),
    ).rejects.toThrow(/refuses to plan application SQL with a superuser's rights.*--allow-superuser/);
  });

  it('with the setup script role: advises the index, skips the dangerous statement, leaks nothing', async () => {
    const report = await runAdvisorOnDsn(dsnAs(advisorRole), options);
    expectNoLeak(report);
    const orders = report.recommendations.find(
      (r) => r.kind === 'missing-index' && r.target.table === 'orders',
    )!;
    expect(orders.verified).toBe(true);
    expect(orders.statements!.map((s) => s.query)).toEqual([appQuery]);
    expect(errorOf(report, evilQuery)).toBe(
      'not planned: planning it can run public.app_magic(), a function outside pg_catalog (option planNonCatalogFunctions)',
    );
    expect(errorOf(report, otherQuery)).toBe(
      `not planned: the advisor's role cannot SET ROLE to ${otherRole}, the role that ran it (grant membership as docs/advisor.md shows, or leave this statement out)`,
    );
    expect(errorOf(report, superuserQuery)).toBe(
      'not planned: it was run by superuser role postgres and superuser statements are not planned (option planSuperuserStatements)',
    );
  });

  it('through the API service: the same report, the same refusal as a superuser', async () => {
    const service = createAdvisorService({ dsn: dsnAs(advisorRole), advisor: options });
    const report = await service.report();
    expectNoLeak(report);
    expect(errorOf(report, evilQuery)).toMatch(/^not planned: planning it can run public\.app_magic\(\)/);
    const asSuperuser = createAdvisorService({ dsn: database().connectionString, advisor: options });
    await expect(asSuperuser.report()).rejects.toThrow(AdvisorRoleError);
  });

  it('with the function guard off, the least-privilege role still keeps the secret (RESET ROLE reaches no superuser)', async () => {
    const report = await runAdvisorOnDsn(dsnAs(advisorRole), { ...options, planNonCatalogFunctions: true });
    expectNoLeak(report);
    expect(errorOf(report, evilQuery)).toBe('cannot be explained: permission denied for table pg_authid');
  });

  // Last: it shows the test above can fail, by running the attack with every guard switched off.
  it('with every guard off, as a superuser, the attack works: the detection above is real', async () => {
    const report = await runAdvisorOnDsn(database().connectionString, {
      ...options,
      allowSuperuser: true,
      planSuperuserStatements: true,
      planNonCatalogFunctions: true,
    });
    expect(existsSync(marker())).toBe(true);
    expect(errorOf(report, evilQuery)).toContain(SECRET_MARK);
  });
});

/** Runs advisor/sql/advisor-role.sql with psql, as the documentation says to. */
async function runSetupScript(adminDsn: string, role: string, appRoles: string): Promise<void> {
  const binDir = process.env.PERFLENS_POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
  const script = path.join(__dirname, '..', 'sql', 'advisor-role.sql');
  await promisify(execFile)(path.join(binDir, 'psql'), [
    adminDsn,
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-v',
    `advisor_role=${role}`,
    '-v',
    `app_roles=${appRoles}`,
    '-f',
    script,
  ]);
}
