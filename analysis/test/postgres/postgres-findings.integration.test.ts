import { Client } from 'pg';
import { type PrometheusInstance, sharedPostgres } from '@perflens/test-harness';
import { runChecks } from '../../src/checks/check-catalogue';
import type { CheckedFinding } from '../../src/findings/finding';
import { renderRecommendation } from '../../src/recommend/render-recommendation';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import { readPostgresEvidence } from '../../src/sources/postgres-evidence';
import {
  EXPORTER_JOB,
  type ExporterMonitoring,
  startExporterMonitoring,
} from '../fixtures/exporter-monitoring';
import { thresholds } from '../fixtures/in-memory-evidence';

/**
 * Issue 20 on a real PostgreSQL, the real exporter and a real Prometheus, in one 14 s load: handlers that
 * lock a row with SELECT … FOR UPDATE and then await 400 ms of "external call" inside the transaction while
 * two more wait for the row; a slow statement; a report that scans a 30,000-row table whose statistics
 * pg_stat_reset() has just cleared. The lock holder is found in seconds, named by its statement (not after
 * the long-transaction check's minute); statement findings show their SQL with $n, never the values; the
 * scanned table keeps its row count.
 */
const FOR_UPDATE = 'SELECT held FROM rooms WHERE id = $1 FOR UPDATE';
const SLOW = 'SELECT pg_sleep($1)';
const SCAN = 'SELECT count(*) FROM stays WHERE guest_id = $1';
const STAYS = 30_000;
const LOAD_SECONDS = 14;

let dsn: string;
let monitoring: ExporterMonitoring | undefined;
let prometheus: PrometheusInstance | undefined;
const clients: Client[] = [];
let findings: CheckedFinding[] = [];
let endSeconds = 0;
const queryids: Record<'forUpdate' | 'slow', string> = { forUpdate: '', slow: '' };

const connect = async (): Promise<Client> => {
  const client = new Client({ connectionString: dsn });
  await client.connect();
  clients.push(client);
  return client;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const byCheck = (check: string): CheckedFinding[] => findings.filter((f) => f.check === check);
const datname = () => new URL(dsn).pathname.slice(1);

/** A handler that keeps its transaction open, idle, across a slow call after locking the row. */
async function bookRoom(client: Client, until: number): Promise<void> {
  while (Date.now() < until) {
    await client.query('BEGIN');
    await client.query(FOR_UPDATE, [1]);
    await sleep(400);
    await client.query('UPDATE rooms SET held = held + 1 WHERE id = $1', [1]);
    await client.query('COMMIT');
  }
}

async function repeat(client: Client, until: number, text: string, value: number): Promise<void> {
  while (Date.now() < until) await client.query(text, [value]);
}

beforeAll(async () => {
  dsn = (await sharedPostgres()).connectionString;
  const admin = await connect();
  await admin.query('CREATE TABLE rooms (id int PRIMARY KEY, held int NOT NULL)');
  await admin.query('INSERT INTO rooms SELECT g, 0 FROM generate_series(1, 10) g');
  await admin.query('CREATE TABLE stays (id int PRIMARY KEY, guest_id int NOT NULL)');
  // Inserted from a session that ends: a backend flushes its pending statistics when it exits, so the
  // reset below clears them rather than being followed by them.
  const seeder = new Client({ connectionString: dsn });
  await seeder.connect();
  await seeder.query(`INSERT INTO stays SELECT g, g % 700 FROM generate_series(1, ${STAYS}) g`);
  await seeder.end();
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
    const { rows } = await admin.query<{ n: string }>(
      "SELECT n_tup_ins::text AS n FROM pg_stat_user_tables WHERE relname = 'stays'",
    );
    if (rows[0]?.n === String(STAYS)) break;
  }
  await admin.query('ANALYZE stays');
  // What the issue saw: n_live_tup starts again from 0, pg_class.reltuples keeps its count.
  await admin.query('SELECT pg_stat_reset()');

  monitoring = await startExporterMonitoring({ dsn, tempDirPrefix: 'perflens-pg-findings-' });
  prometheus = monitoring.prometheus;

  const until = Date.now() + LOAD_SECONDS * 1000;
  const workers = await Promise.all([connect(), connect(), connect(), connect(), connect()]);
  await Promise.all([
    bookRoom(workers[0] as Client, until),
    bookRoom(workers[1] as Client, until),
    bookRoom(workers[2] as Client, until),
    repeat(workers[3] as Client, until, SLOW, 0.03),
    repeat(workers[4] as Client, until, SCAN, 7),
  ]);
  endSeconds = Math.floor(Date.now() / 1000);
  // The scrape after the load and the statement texts are in: the analysis sees the whole load.
  await prometheus.waitFor(
    `count(timestamp(pg_up) >= ${endSeconds}) and count(perflens_pg_statement_info{query="${FOR_UPDATE}"})`,
    (result) => result.length > 0,
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  for (const [name, text] of [
    ['forUpdate', FOR_UPDATE],
    ['slow', SLOW],
  ] as const) {
    const { rows } = await admin.query<{ queryid: string }>(
      'SELECT queryid::text FROM pg_stat_statements WHERE query = $1 AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())',
      [text],
    );
    queryids[name] = rows[0]?.queryid ?? 'missing';
  }
  const client = createHttpPrometheusClient({ url: prometheus.url });
  const scope = { job: EXPORTER_JOB, endSeconds, rangeSeconds: LOAD_SECONDS };
  const { full: postgres } = await readPostgresEvidence(client, scope);
  findings = runChecks({ rangeSeconds: LOAD_SECONDS, postgres }, thresholds());
}, 90_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await monitoring?.stop();
});

/** The evidence query evaluated in Prometheus at the analysis's end, as a user pasting it would. */
async function pasted(query: string, labels: Record<string, string>): Promise<number> {
  const result = await (prometheus as PrometheusInstance).query(query, new Date(endSeconds * 1000));
  const series = result.filter((s) => Object.entries(labels).every(([k, v]) => s.metric[k] === v));
  expect(series).toHaveLength(1);
  return Number(series[0]?.value[1]);
}

it('finds the transaction held across slow work in seconds, named by its statement', async () => {
  const [idle] = byCheck('postgres.idle-in-transaction');
  expect(idle?.target).toEqual({ datname: datname(), queryid: queryids.forUpdate });
  expect(idle?.title).toContain(`after Statement ${queryids.forUpdate} (${FOR_UPDATE})`);
  expect(byCheck('postgres.long-transactions')).toEqual([]);
  const waiting = idle?.evidence[0];
  // Two handlers wait for the row while the third sleeps: one for the idle holder, one in line behind it.
  expect(waiting?.value).toBeGreaterThan(0.5);
  expect(idle?.severity).toBe((waiting?.value ?? 0) >= 1 ? 'critical' : 'warning');
  expect(await pasted(waiting?.query ?? '', { holding_queryid: queryids.forUpdate })).toBeCloseTo(
    waiting?.value ?? NaN,
    9,
  );
  const advice = renderRecommendation(idle!.recommendations[0]!);
  expect(advice.action).toMatch(
    /^The transaction that runs statement -?\d+ stays open, idle for up to \d+ ms, while the code does other work: commit before the external call/,
  );
  expect(advice.sql).toContain(`-- statement ${queryids.forUpdate}: ${FOR_UPDATE}\n`);
  expect(advice.config).toContain('ALTER ROLE <service_role> IN DATABASE');

  const [locks] = byCheck('postgres.lock-waits');
  expect(locks?.title).toContain(
    `most wait for Statement ${queryids.forUpdate} (${FOR_UPDATE}) (idle in transaction)`,
  );
});

it('shows statements as SQL with their placeholders, never the values', () => {
  const [slow] = byCheck('postgres.slow-statements').filter((f) => f.target.queryid === queryids.slow);
  expect(slow?.title).toMatch(
    new RegExp(`^Statement ${queryids.slow} \\(SELECT pg_sleep\\(\\$1\\)\\): mean [\\d.]+ m?s over`),
  );
  expect(slow?.recommendations[0]).toMatchObject({ kind: 'explain-statement', query: SLOW });
  expect(JSON.stringify(findings)).not.toMatch(/pg_sleep\(0\.03\)|WHERE id = 1\b|guest_id = 7\b/);
});

it('judges the scanned table on its pg_class.reltuples after pg_stat_reset()', async () => {
  const [scan] = byCheck('postgres.sequential-scans');
  expect(scan?.target).toEqual({ datname: datname(), schemaname: 'public', relname: 'stays' });
  expect(scan?.title).toMatch(new RegExp(`sequential scans/s of ${STAYS} rows`));
  const rows = scan?.evidence[1];
  expect(rows?.value).toBe(STAYS);
  expect(await pasted(rows?.query ?? '', { relname: 'stays' })).toBe(STAYS);
  // What the check no longer reads alone: n_live_tup, cleared by the reset.
  expect(await pasted(`pg_stat_user_tables_n_live_tup{relname="stays"}`, {})).toBe(0);
});
