import { Client } from 'pg';
import { envVars } from '../env-vars';
import { isRunning } from '@perflens/supervisor';
import { runFixtureJest } from './fixtures/run-fixture-jest';
import { usePostgres, useService, useSharedPostgres } from './use-services';

async function scalar(connectionString: string, sql: string): Promise<unknown> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] as object)[0];
  } finally {
    await client.end();
  }
}

describe('use* helpers', () => {
  const postgres = usePostgres(() => ({ settings: { work_mem: '16MB' } }));
  const database = useSharedPostgres();
  const example = useService('Example', async () => ({ stop: async () => undefined }));
  let earlyUse: unknown;
  try {
    example();
  } catch (error) {
    earlyUse = error;
  }

  it('hand tests a cluster started with the lazily computed options', async () => {
    expect(isRunning(postgres().pid as number)).toBe(true);
    expect(await scalar(postgres().connectionString(), "SELECT current_setting('work_mem')")).toBe('16MB');
  });

  it('hand tests a database of the shared cluster', async () => {
    expect(await scalar(database().connectionString, 'SELECT current_database()')).toMatch(
      /^perflens_test_[0-9a-f]{12}$/,
    );
    const shared = process.env[envVars.sharedPostgresUrl];
    if (shared) expect(new URL(database().connectionString).host).toBe(new URL(shared).host);
  });

  it('refuse use before beforeAll with a clear error', () => {
    expect(earlyUse).toEqual(new Error('Example is not running: use it in tests or hooks after beforeAll'));
  });

  it('stop the services in afterAll even when a test fails', async () => {
    const run = await runFixtureJest<{ pids: number[]; stillRunning: number[] }>({
      files: ['hooks-failing.fixture.ts'],
      args: ['--runInBand'],
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('deliberate failure');
    expect(run.reports).toHaveLength(1);
    expect(run.reports[0]?.pids).toHaveLength(3);
    expect(run.reports[0]?.stillRunning).toEqual([]);
  });
});
