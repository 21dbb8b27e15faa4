import { sharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { registerPostgresCollector, type PostgresCollector } from './postgres-collector';

/** The samples of one metric as [labels, value], labels parsed from the exposition text. */
function series(text: string, metric: string): [Record<string, string>, number][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${metric}{`))
    .map((l) => {
      const end = l.lastIndexOf('} ');
      const labels: Record<string, string> = {};
      for (const m of l.slice(metric.length + 1, end).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
        labels[m[1]!] = m[2]!.replace(/\\(.)/g, '$1');
      return [labels, Number(l.slice(end + 2))];
    });
}

/** Scrapes until `ready` holds for the exposition text (the sessions need a moment to start waiting). */
async function scrapeUntil(registry: Registry, ready: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = await registry.metrics();
    if (ready(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const connect = async (dsn: string) => {
  const client = new Client({ connectionString: dsn });
  await client.connect();
  return client;
};

describe('PostgreSQL lock holders, idle-in-transaction sessions and statement texts', () => {
  const role = `perflens_leak_${process.pid}`;
  let dsn: string;
  let admin: Client;
  let holders: Client[] = [];
  let waits: Promise<unknown>[] = [];
  const collectors: PostgresCollector[] = [];
  let queryids: Record<'forUpdate' | 'forShare' | 'update' | 'delete' | 'createRole', string>;

  const collector = (options: { sessionsLimit?: number; statementText?: boolean }) => {
    const registry = new Registry();
    collectors.push(
      registerPostgresCollector(registry, {
        dsns: [dsn],
        timeoutMs: 5000,
        relationsLimit: 100,
        statementsLimit: 50,
        logger: pino({ level: 'silent' }),
        ...options,
      }),
    );
    return registry;
  };

  beforeAll(async () => {
    dsn = (await sharedPostgres()).connectionString;
    admin = await connect(dsn);
    await admin.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
    await admin.query('INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 10) g');
    // Utility statements keep their constants in pg_stat_statements: they must never be exported.
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'hunter2-do-not-export'`);
    await admin.query("SET application_name = 'secret-app-name'");
    // Every statement ran to completion once before, as in a real service, so pg_stat_statements knows
    // its text: it records a statement when its portal closes, which for the holder's last statement
    // happens only at the next statement or the end of the transaction.
    await admin.query('SELECT balance FROM accounts WHERE id = $1 FOR UPDATE', [9]);
    await admin.query('SELECT id FROM accounts WHERE id = $1 FOR SHARE', [9]);
    await admin.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [1, 9]);
    await admin.query('DELETE FROM accounts WHERE id = $1', [10]);

    // Two handlers that lock a row and then keep their transaction open (idle in transaction)...
    holders = [await connect(dsn), await connect(dsn)];
    await holders[0]!.query('BEGIN');
    await holders[0]!.query('SELECT balance FROM accounts WHERE id = $1 FOR UPDATE', [1]);
    await holders[1]!.query('BEGIN');
    await holders[1]!.query('SELECT id FROM accounts WHERE id = $1 FOR SHARE', [2]);
    // ...and two sessions blocked on those rows.
    const waiters = [await connect(dsn), await connect(dsn)];
    waits = [
      waiters[0]!.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [5, 1]),
      waiters[1]!.query('DELETE FROM accounts WHERE id = $1', [2]),
    ].map((p, i) => p.finally(() => waiters[i]!.end()));

    const id = async (pattern: string) => {
      const r = await admin.query<{ queryid: string }>(
        `SELECT queryid::text FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE $1`,
        [pattern],
      );
      expect(r.rows).toHaveLength(1);
      return r.rows[0]!.queryid;
    };
    queryids = {
      forUpdate: await id('SELECT balance FROM accounts WHERE id = $1 FOR UPDATE'),
      forShare: await id('SELECT id FROM accounts WHERE id = $1 FOR SHARE'),
      update: await id('UPDATE accounts SET balance%'),
      delete: await id('DELETE FROM accounts%'),
      createRole: await id('CREATE ROLE%'),
    };
  });

  afterAll(async () => {
    await Promise.all(collectors.map((c) => c.close()));
    for (const h of holders) await h.query('ROLLBACK').finally(() => h.end());
    await Promise.allSettled(waits);
    await admin?.query(`DROP ROLE IF EXISTS ${role}`);
    await admin?.end();
  });

  it('names the waiting statement and the idle-in-transaction holder by queryid, with the wait time', async () => {
    const text = await scrapeUntil(collector({}), (t) => series(t, 'perflens_pg_lock_waiters').length >= 2);
    const waiters = series(text, 'perflens_pg_lock_waiters').map(([l, v]) => [
      l.waiting_queryid,
      l.holding_queryid,
      l.holding_state,
      v,
    ]);
    expect(waiters).toEqual(
      expect.arrayContaining([
        [queryids.update, queryids.forUpdate, 'idle in transaction', 1],
        [queryids.delete, queryids.forShare, 'idle in transaction', 1],
      ]),
    );
    const waited = series(text, 'perflens_pg_lock_wait_seconds_max').find(
      ([l]) => l.waiting_queryid === queryids.update && l.holding_queryid === queryids.forUpdate,
    );
    expect(waited?.[1]).toBeGreaterThan(0);
  });

  it('reports the idle-in-transaction sessions by their last statement, with an age above zero', async () => {
    const text = await scrapeUntil(collector({}), (t) =>
      series(t, 'perflens_pg_idle_in_transaction_seconds_max').some(([, v]) => v > 0),
    );
    const idle = new Map(
      series(text, 'perflens_pg_idle_in_transaction_sessions').map(([l, v]) => [l.queryid, v]),
    );
    expect(idle.get(queryids.forUpdate)).toBe(1);
    expect(idle.get(queryids.forShare)).toBe(1);
    const age = series(text, 'perflens_pg_idle_in_transaction_seconds_max').find(
      ([l]) => l.queryid === queryids.forUpdate,
    );
    expect(age?.[1]).toBeGreaterThan(0);
  });

  it('exports the normalized SQL of the waiting and the holding statements, on every scrape', async () => {
    const registry = collector({});
    const texts = (text: string) =>
      new Map(series(text, 'perflens_pg_statement_info').map(([l]) => [l.queryid, l.query]));
    const sql = texts(await scrapeUntil(registry, (t) => series(t, 'perflens_pg_statement_info').length > 0));
    expect(sql.get(queryids.forUpdate)).toBe('SELECT balance FROM accounts WHERE id = $1 FOR UPDATE');
    expect(sql.get(queryids.update)).toBe('UPDATE accounts SET balance = balance + $1 WHERE id = $2');
    expect(sql.get(queryids.delete)).toBe('DELETE FROM accounts WHERE id = $1');
    // The next scrape answers the same texts from the cache.
    const again = texts(await registry.metrics());
    expect(again.get(queryids.forUpdate)).toBe(sql.get(queryids.forUpdate));
    expect(again.get(queryids.update)).toBe(sql.get(queryids.update));
  });

  it('never exports a utility statement, whose text keeps its literals (CREATE ROLE ... PASSWORD)', async () => {
    const text = await scrapeUntil(collector({}), (t) => series(t, 'perflens_pg_statement_info').length > 0);
    // The CREATE ROLE statement is among the exported statements, so its text was a candidate.
    const exported = series(text, 'pg_stat_statements_calls_total').map(([l]) => l.queryid);
    expect(exported).toContain(queryids.createRole);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secret-app-name');
    const verbs = series(text, 'perflens_pg_statement_info').map(([l]) =>
      (l.query ?? '').split(' ')[0]!.toUpperCase(),
    );
    expect(verbs.length).toBeGreaterThan(0);
    expect(verbs.every((v) => ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH'].includes(v))).toBe(true);
  });

  it('exports no statement text when postgres.statementText is false', async () => {
    const text = await scrapeUntil(
      collector({ statementText: false }),
      (t) => series(t, 'perflens_pg_lock_waiters').length >= 2,
    );
    expect(series(text, 'pg_stat_statements_calls_total').length).toBeGreaterThan(0);
    expect(series(text, 'perflens_pg_statement_info')).toEqual([]);
  });

  it('folds the groups past sessionsLimit into __overflow__ and counts them', async () => {
    const text = await scrapeUntil(collector({ sessionsLimit: 1 }), (t) =>
      series(t, 'perflens_pg_lock_waiters').some(([l]) => l.waiting_queryid === '__overflow__'),
    );
    const waiters = series(text, 'perflens_pg_lock_waiters');
    expect(waiters).toHaveLength(2);
    expect(waiters.find(([l]) => l.holding_queryid === '__overflow__')?.[1]).toBe(1);
    const idle = series(text, 'perflens_pg_idle_in_transaction_sessions').map(([l]) => l.queryid);
    expect(idle).toHaveLength(2);
    expect(idle).toContain('__overflow__');
    const folded = series(text, 'perflens_pg_sessions_folded_groups').map(([l, v]) => [l.family, v]);
    expect(folded).toEqual(
      expect.arrayContaining([
        ['lock_waiters', 1],
        ['idle_in_transaction', 1],
      ]),
    );
  });
});
