import { freePort, useSharedPostgres } from '@perflens/test-harness';
import { Command, CommanderError } from 'commander';
import { Client } from 'pg';
import type { AdvisorReport } from '../report/advisor-report';
import { registerAdvisorCommand } from './advisor-command';
import { runWorkload, seedWorkload } from '../../test/seeded-workload';

/** Runs `perflens advisor ...` in process and returns what it printed. */
async function advisor(...args: string[]): Promise<string> {
  const program = new Command('perflens').exitOverride();
  registerAdvisorCommand(program);
  let out = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    // The harness connects and runs the workload as a superuser (test/advisor-privileges covers the rest).
    await program.parseAsync([
      'node',
      'perflens',
      'advisor',
      '--allow-superuser',
      '--plan-superuser-statements',
      ...args,
    ]);
    return out;
  } finally {
    write.mockRestore();
    writeErr.mockRestore();
  }
}

describe('perflens advisor', () => {
  const database = useSharedPostgres();
  const dsn = () => database().connectionString;

  beforeAll(async () => {
    const client = new Client({ connectionString: dsn() });
    await client.connect();
    try {
      await seedWorkload(client);
      await runWorkload(client);
    } finally {
      await client.end();
    }
  }, 120_000);

  it('prints JSON that carries the index advice', async () => {
    const report = JSON.parse(
      await advisor('--dsn', dsn(), '--format', 'json', '--min-calls', '5'),
    ) as AdvisorReport;
    expect(
      report.recommendations.filter((r) => r.kind === 'missing-index').map((r) => r.target.columns),
    ).toEqual(expect.arrayContaining([['customer_id'], ['account_id', 'created_at']]));
  });

  it('prints a table with the apply and rollback SQL', async () => {
    const text = await advisor('--dsn', dsn(), '--min-calls', '5');
    expect(text).toMatch(/^Perflens advisor: perflens_test_\w+ on PostgreSQL 15/);
    expect(text).toContain('SEVERITY  KIND');
    expect(text).toContain(
      '  apply:    CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);',
    );
    expect(text).toContain('  rollback: DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx;');
    expect(text).toContain('column "legacy_code" does not exist');
  });

  it('prints Markdown with evidence tables and SQL blocks', async () => {
    const text = await advisor('--dsn', dsn(), '--format', 'markdown', '--min-calls', '5');
    expect(text).toMatch(/^# Perflens advisor\n/);
    expect(text).toContain('| planner cost before (hypopg) | 4167 |  |');
    expect(text).toContain(
      '```sql\n-- apply\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);',
    );
  });

  it('exits with code 1 (a failed gate) under --fail-on when a recommendation is that severe', async () => {
    await expect(
      advisor('--dsn', dsn(), '--format', 'json', '--min-calls', '5', '--fail-on', 'info'),
    ).rejects.toThrow(expect.objectContaining({ exitCode: 1 }) as CommanderError);
  });

  it.each([
    ['an unknown format', ['--format', 'yaml'], '--format must be one of table, markdown, json, got "yaml"'],
    ['a bad number', ['--min-calls', 'many'], '--min-calls must be a non-negative integer, got "many"'],
    ['a bad severity', ['--fail-on', 'bad'], '--fail-on must be critical, warning or info, got "bad"'],
  ])('rejects %s', async (_title, args, message) => {
    await expect(advisor('--dsn', dsn(), ...args)).rejects.toThrow(message);
  });

  it('names a DSN that does not answer without printing its password', async () => {
    const port = await freePort();
    await expect(advisor('--dsn', `postgres://app:s3cret@127.0.0.1:${port}/app`)).rejects.toThrow(
      `advisor on postgres://app:***@127.0.0.1:${port}/app: cannot connect to PostgreSQL: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});
