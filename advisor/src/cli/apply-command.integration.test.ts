import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort, useSharedPostgres } from '@perflens/test-harness';
import { Command, CommanderError } from 'commander';
import { Client } from 'pg';
import type { AdvisorReport } from '../report/advisor-report';
import { registerAdvisorCommand } from './advisor-command';
import { runWorkload, seedWorkload } from '../../test/seeded-workload';

const root = path.join(__dirname, '..', '..', '..');

/** Runs `perflens advisor <args>` in process; returns what it printed, or rejects with its error. */
async function advisor(...args: string[]): Promise<{ out: string; err: string }> {
  const program = new Command('perflens').exitOverride();
  registerAdvisorCommand(program);
  let out = '';
  let err = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    // The harness runs the workload as a superuser (see advisor-command.integration.test.ts).
    await program.parseAsync([
      'node',
      'perflens',
      'advisor',
      '--allow-superuser',
      '--plan-superuser-statements',
      ...args,
    ]);
    return { out, err };
  } finally {
    write.mockRestore();
    writeErr.mockRestore();
  }
}

describe('perflens advisor apply / rollback', () => {
  const database = useSharedPostgres();
  const dsn = () => database().connectionString;
  let client: Client;
  let missingIndexId: string;

  const indexState = async (name: string) =>
    (
      await client.query<{ valid: boolean }>(
        'SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)',
        [name],
      )
    ).rows[0]?.valid;
  const auditRows = async () =>
    (
      await client.query<{ id: number; actor: string; action: string; outcome: string }>(
        `SELECT id, actor, action, outcome FROM perflens_advisor.audit WHERE recommendation_id = $1 ORDER BY id`,
        [missingIndexId],
      )
    ).rows;

  beforeAll(async () => {
    client = new Client({ connectionString: dsn() });
    await client.connect();
    await seedWorkload(client);
    await runWorkload(client);
    const report = JSON.parse(
      (await advisor('--dsn', dsn(), '--format', 'json', '--min-calls', '5')).out,
    ) as AdvisorReport;
    const found = report.recommendations.find(
      (r) => r.kind === 'missing-index' && r.target.columns?.join() === 'customer_id',
    );
    if (!found) throw new Error('the seeded workload gave no orders(customer_id) advice');
    missingIndexId = found.id;
  }, 120_000);

  afterAll(async () => {
    await client.end();
  });

  it('prints the SQL and its rollback under --dry-run and changes nothing', async () => {
    const { out } = await advisor('apply', missingIndexId, '--dry-run', '--dsn', dsn(), '--min-calls', '5');
    expect(out).toContain(`${missingIndexId} (`);
    expect(out).toContain(
      '  apply:    CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);',
    );
    expect(out).toContain('  rollback: DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx;');
    expect(out).toMatch(/serves: {3}\d+ statement\(s\)/);
    expect(out).toContain('dry run: nothing was changed');
    expect(await indexState('public.orders_customer_id_idx')).toBeUndefined();
    const audit = await client.query(`SELECT to_regclass('perflens_advisor.audit') AS t`);
    if (audit.rows[0].t !== null) expect(await auditRows()).toEqual([]);
  });

  it('exits 1 when the apply fails (a lock it waits for), audited, with nothing left behind', async () => {
    // EXCLUSIVE lets the advisor's EXPLAINs read the table but blocks CREATE INDEX CONCURRENTLY.
    const holder = new Client({ connectionString: dsn() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE orders IN EXCLUSIVE MODE');
      const failed = advisor(
        'apply',
        missingIndexId,
        '--dsn',
        dsn(),
        '--min-calls',
        '5',
        '--lock-timeout-ms',
        '300',
      );
      await expect(failed).rejects.toThrow(expect.objectContaining({ exitCode: 1 }) as CommanderError);
      await expect(failed).rejects.toThrow(/apply of .* failed: .*lock timeout/);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    expect(await indexState('public.orders_customer_id_idx')).toBeUndefined();
    expect(await auditRows()).toEqual([expect.objectContaining({ action: 'apply', outcome: 'failed' })]);
  });

  it('applies by id as the given actor, then rolls back by audit id', async () => {
    const applied = await advisor(
      'apply',
      missingIndexId,
      '--dsn',
      dsn(),
      '--min-calls',
      '5',
      '--actor',
      'ops:ana',
    );
    const auditId = /applied by ops:ana: audit entry (\d+), succeeded/.exec(applied.out)?.[1];
    expect(auditId).toBeDefined();
    expect(applied.out).toContain(`roll back with: perflens advisor rollback ${auditId} --dsn `);
    expect(await indexState('public.orders_customer_id_idx')).toBe(true);

    const rolledBack = await advisor('rollback', auditId!, '--dsn', dsn(), '--actor', 'ops:ana');
    expect(rolledBack.out).toContain(
      '  rollback: DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx;',
    );
    expect(rolledBack.out).toMatch(/rolled back by ops:ana: audit entry \d+, succeeded/);
    expect(await indexState('public.orders_customer_id_idx')).toBeUndefined();
    expect((await auditRows()).map((r) => [r.action, r.outcome, r.actor])).toEqual([
      ['apply', 'failed', expect.any(String)],
      ['apply', 'succeeded', 'ops:ana'],
      ['rollback', 'succeeded', 'ops:ana'],
    ]);
  });

  it.each([
    [
      'an id of no open recommendation',
      ['apply', 'missing-index-000000000000'],
      /no open recommendation with id missing-index-000000000000 on perflens_test_\w+ \(with SQL: /,
    ],
    ['a malformed id', ['apply', 'DROP TABLE'], '"DROP TABLE" is not a recommendation id'],
    [
      'an actor with a newline',
      ['apply', 'missing-index-000000000000', '--actor', 'a\nb'],
      '--actor "a\nb": expected printable characters only',
    ],
    ['an audit id of no apply', ['rollback', '999999'], 'no successful apply with audit id 999999'],
  ])('refuses %s (exit 2)', async (_title, args, message) => {
    const run = advisor(...args, '--dsn', dsn(), '--min-calls', '5');
    await expect(run).rejects.toThrow(message);
    await expect(run).rejects.not.toBeInstanceOf(CommanderError);
  });

  it('runs through bin/perflens.js: 0 on a dry run, 2 naming an unreachable database without its password', async () => {
    if (!existsSync(path.join(root, 'advisor', 'dist', 'cli', 'apply-command.js')))
      throw new Error(
        'advisor/dist/cli/apply-command.js is missing: run "npm run build" (npm test does it first)',
      );
    const dry = await perflens(
      'advisor',
      'apply',
      missingIndexId,
      '--dry-run',
      '--allow-superuser',
      '--plan-superuser-statements',
      '--min-calls',
      '5',
      '--dsn',
      dsn(),
    );
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain(
      '  rollback: DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx;',
    );

    const port = await freePort();
    const down = await perflens(
      'advisor',
      'apply',
      missingIndexId,
      '--dsn',
      `postgres://app:s3cret@127.0.0.1:${port}/app`,
    );
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(`advisor on postgres://app:***@127.0.0.1:${port}/app: cannot connect`);
    expect(down.stderr).not.toContain('s3cret');
  });
});

function perflens(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [path.join(root, 'bin', 'perflens.js'), ...args],
      { env, timeout: 50_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    ),
  );
}
