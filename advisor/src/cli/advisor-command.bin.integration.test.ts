import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort, useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';

const root = path.join(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'perflens.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `perflens advisor …` as users run it: the built binary in a child process (npm test builds first). The
 * harness connects as a superuser, which the advisor refuses without --allow-superuser (docs/advisor.md).
 */
function perflensAdvisor(...args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, 'advisor', '--allow-superuser', ...args],
      { env, timeout: 50_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** The exit-code contract of README.md ("Exit codes") for `perflens advisor`, through bin/perflens.js. */
describe('perflens advisor exit codes (bin/perflens.js)', () => {
  const database = useSharedPostgres();

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'cli', 'dist', 'main.js')))
      throw new Error('cli/dist/main.js is missing: run "npm run build" (npm test does it first)');
  });

  it('exits 0 with a report when no --fail-on gate is given', async () => {
    const run = await perflensAdvisor('--dsn', database().connectionString, '--format', 'json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toHaveProperty('recommendations');
  });

  it('exits 1 under --fail-on warning when a warning is open (a duplicate index), 0 under --fail-on critical', async () => {
    const client = new Client({ connectionString: database().connectionString });
    await client.connect();
    try {
      await client.query('CREATE TABLE bin_gate (id int, code text)');
      await client.query('CREATE INDEX bin_gate_code_a ON bin_gate (code)');
      await client.query('CREATE INDEX bin_gate_code_b ON bin_gate (code)');
    } finally {
      await client.end();
    }
    const gated = await perflensAdvisor('--dsn', database().connectionString, '--fail-on', 'warning');
    expect(gated.stdout).toMatch(/bin_gate_code_\w is covered by bin_gate_code_\w/);
    expect(gated.stderr).toMatch(/^perflens advisor: \d+ recommendation\(s\) at warning or worse\n$/);
    expect(gated.code).toBe(1);

    // No critical advice in a database this small: the same report passes a critical-only gate.
    const passed = await perflensAdvisor('--dsn', database().connectionString, '--fail-on', 'critical');
    expect(passed).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 2 naming a database that does not answer, without its password', async () => {
    const port = await freePort();
    const run = await perflensAdvisor('--dsn', `postgres://app:s3cret@127.0.0.1:${port}/app`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`advisor on postgres://app:***@127.0.0.1:${port}/app: cannot connect`);
    expect(run.stderr).not.toContain('s3cret');
  });

  it.each([
    ['a bad --fail-on', ['--fail-on', 'bad'], '--fail-on must be critical, warning or info, got "bad"'],
    ['an unknown option', ['--nope'], "error: unknown option '--nope'"],
  ])('exits 2 on %s', async (_title, args, message) => {
    const run = await perflensAdvisor('--dsn', database().connectionString, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
