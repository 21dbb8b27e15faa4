import { Client } from 'pg';
import { envVars } from '../env-vars';
import { sharedPostgres } from './shared-postgres';

async function queryRows<T>(connectionString: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('sharedPostgres', () => {
  it('returns a fresh database with both extensions on every call, in one cluster', async () => {
    const [first, second] = await Promise.all([sharedPostgres(), sharedPostgres()]);
    const [a, b] = [new URL(first.connectionString), new URL(second.connectionString)];
    expect(a.host).toBe(b.host);
    expect(a.pathname).toMatch(/^\/perflens_test_[0-9a-f]{12}$/);
    expect(a.pathname).not.toBe(b.pathname);
    for (const db of [first, second]) {
      const rows = await queryRows<{ extname: string }>(
        db.connectionString,
        'SELECT extname FROM pg_extension ORDER BY 1',
      );
      expect(rows.map((r) => r.extname)).toEqual(['hypopg', 'pg_stat_statements', 'plpgsql']);
    }
  });

  it('uses the cluster from the global setup when the run has one', async () => {
    const shared = process.env[envVars.sharedPostgresUrl];
    const { connectionString } = await sharedPostgres();
    if (shared === undefined) {
      // Run alone (test-harness/jest.config.js): a cluster of this worker's own.
      expect(new URL(connectionString).hostname).toBe('127.0.0.1');
    } else {
      expect(new URL(connectionString).host).toBe(new URL(shared).host);
    }
  });
});
