import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { isRunning, ServiceStartError } from '@perflens/supervisor';
import { startPostgres, type PostgresInstance } from './start-postgres';

async function queryRows<T>(connectionString: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  let pg: PostgresInstance;
  beforeAll(async () => {
    pg = await startPostgres({ settings: { work_mem: '8MB' } });
  });
  afterAll(() => pg?.stop());

  it('answers SELECT 1 on 127.0.0.1 at its port', async () => {
    expect(pg.host).toBe('127.0.0.1');
    expect(pg.connectionString()).toBe(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
    expect(await queryRows(pg.connectionString(), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it.each([
    ['preloads pg_stat_statements', 'shared_preload_libraries', 'pg_stat_statements'],
    ['computes query ids', 'compute_query_id', 'on'],
    ['tracks nested statements', 'pg_stat_statements.track', 'all'],
    ['skips fsync', 'fsync', 'off'],
    ['skips synchronous commit', 'synchronous_commit', 'off'],
    ['skips full page writes', 'full_page_writes', 'off'],
    ['listens on loopback only', 'listen_addresses', '127.0.0.1'],
    ['applies caller settings', 'work_mem', '8MB'],
    ['uses UTF8', 'server_encoding', 'UTF8'],
  ])('%s (%s = %s)', async (_title, setting, expected) => {
    const rows = await queryRows<{ value: string }>(
      pg.connectionString(),
      `SELECT current_setting('${setting}') AS value`,
    );
    expect(rows).toEqual([{ value: expected }]);
  });

  it('creates a database with pg_stat_statements and hypopg installed', async () => {
    const url = await pg.createDatabase('orders_db');
    expect(url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/orders_db`);
    const rows = await queryRows<{ extname: string }>(
      url,
      'SELECT extname FROM pg_extension ORDER BY extname',
    );
    expect(rows.map((r) => r.extname)).toEqual(['hypopg', 'pg_stat_statements', 'plpgsql']);
  });

  it('keeps data and port across pause and resume', async () => {
    const url = await pg.createDatabase();
    await queryRows(url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before outage')");
    const port = pg.port;
    await pg.pause();
    expect(pg.pid).toBeUndefined();
    await expect(queryRows(url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    await pg.resume();
    expect(pg.port).toBe(port);
    expect(await queryRows(url, 'SELECT v FROM kept')).toEqual([{ v: 'before outage' }]);
  });

  it('stops the postmaster and every server process, removes the folder, and stays stopped', async () => {
    const rows = await queryRows<{ pid: number }>(
      pg.connectionString(),
      'SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()',
    );
    const pids = [pg.pid as number, ...rows.map((r) => r.pid)];
    expect(pids.every((pid) => isRunning(pid))).toBe(true);
    await Promise.all([pg.stop(), pg.stop()]);
    expect(pg.pid).toBeUndefined();
    expect(pids.filter((pid) => isRunning(pid))).toEqual([]);
    expect(existsSync(pg.dataDir)).toBe(false);
    await expect(pg.resume()).rejects.toThrow(`cannot resume PostgreSQL on port ${pg.port}: it was stopped`);
  });
});

describe('startPostgres failures', () => {
  it("reports an invalid setting with the server's own explanation", async () => {
    const error = await startPostgres({ settings: { work_mem: 'lots' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toMatch(
      /^postgres \(pid \d+\) exited with code 1 while starting\n--- last lines of output ---\n/,
    );
    expect((error as ServiceStartError).output).toContain('invalid value for parameter "work_mem": "lots"');
  });
});
