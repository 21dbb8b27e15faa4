import type { ClientBase } from 'pg';
import { ADVISOR_PLAN_NAME, PERFLENS_QUERY_MARKER } from '@perflens/conventions';

/** One normalized statement of the current database, summed over the roles that ran it. */
export interface StatementStats {
  queryid: string;
  /** Normalized text: constants replaced by $1, $2... (pg_stat_statements, PostgreSQL docs F.32). */
  query: string;
  calls: number;
  totalExecMs: number;
  meanExecMs: number;
  rows: number;
  sharedBlksHit: number;
  sharedBlksRead: number;
  /** This statement's share of the database's total execution time (0..1), over every statement read. */
  timeShare: number;
  /** Its share of the blocks (shared hit + read) all statements touched: heavy readers that happen to be fast. */
  blockShare: number;
  /** pg_stat_statements.userid of the roles that ran it (as text), most calls first: who it is planned as. */
  userids: string[];
}

/**
 * With pg_stat_statements.track = all, the statement the advisor PREPAREs to EXPLAIN (generic-plan.ts)
 * is recorded as a nested entry with the same queryid and the PREPARE text; those rows are the
 * advisor's own and are left out. Where a statement has several rows (toplevel and nested, PostgreSQL
 * 14+), the toplevel text is the one shown. Every text starts so, with or without declared parameter
 * types (parameter-types.ts). The advisor's other queries are marked (conventions/query-marker.ts) and left
 * out too.
 */
export const ADVISOR_PREPARE_PREFIX = `PREPARE ${ADVISOR_PLAN_NAME}`;

/** The name of the schema pg_stat_statements is installed in, or undefined when it is not installed. */
export async function extensionSchema(client: ClientBase, extension: string): Promise<string | undefined> {
  const result = await client.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = $1`,
    [extension],
  );
  return result.rows[0]?.schema;
}

/** More rows than this are not read: shares are computed over all of them, the tail is noise. */
const READ_CAP = 5000;

/**
 * The current database's statements by total execution time, as PgHero's query_stats does. The view is
 * cluster-wide, so rows are filtered by dbid; statements run by several roles are summed per queryid
 * (the same grouping as the exporter's statements collector). Each carries its share of the total time
 * and blocks of every statement run at least `minCalls` times, the input of {@link statementsWorthAnalysing}.
 * Utility statements (EXPLAIN, SET, DDL) and statements touching only catalogs are left to the caller,
 * which parses each text anyway.
 */
export async function readStatements(
  client: ClientBase,
  schema: string,
  options: { minCalls: number },
): Promise<StatementStats[]> {
  const result = await client.query<StatementRow>(
    `WITH s AS (
       SELECT queryid::text AS queryid, (array_agg(query ORDER BY toplevel DESC, calls DESC))[1] AS query,
         sum(calls)::float8 AS calls,
         sum(total_exec_time)::float8 AS total_exec_ms,
         sum(rows)::float8 AS rows,
         sum(shared_blks_hit)::float8 AS shared_blks_hit,
         sum(shared_blks_read)::float8 AS shared_blks_read,
         array_agg(userid::text ORDER BY calls DESC) AS userids
       FROM ${quoteSchema(schema)}.pg_stat_statements(true)
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
         AND query NOT LIKE '${ADVISOR_PREPARE_PREFIX}%' AND query NOT LIKE '${PERFLENS_QUERY_MARKER}%'
       GROUP BY queryid
       HAVING sum(calls) >= $2)
     SELECT *, total_exec_ms / nullif(sum(total_exec_ms) OVER (), 0) AS time_share,
       (shared_blks_hit + shared_blks_read) / nullif(sum(shared_blks_hit + shared_blks_read) OVER (), 0) AS block_share
     FROM s ORDER BY total_exec_ms DESC, queryid LIMIT $1`,
    [READ_CAP, options.minCalls],
  );
  return result.rows.map((row) => {
    const calls = Number(row.calls);
    const totalExecMs = Number(row.total_exec_ms);
    return {
      queryid: row.queryid ?? '',
      query: row.query ?? '',
      calls,
      totalExecMs,
      meanExecMs: calls > 0 ? totalExecMs / calls : 0,
      rows: Number(row.rows),
      sharedBlksHit: Number(row.shared_blks_hit),
      sharedBlksRead: Number(row.shared_blks_read),
      timeShare: Number(row.time_share ?? 0),
      blockShare: Number(row.block_share ?? 0),
      userids: [...new Set(row.userids)],
    };
  });
}

/**
 * The statements whose cost makes them worth an index question: a share of the total execution time, or
 * of the blocks read, of at least `minShare`, at most `limit` of them by total time. How often a statement
 * runs does not matter here (a statement run 60 times at 40 ms outweighs one run 10,000 times at 0.01 ms);
 * the caller's `minCalls` floor (default 2) only keeps one-off statements — a migration, a bulk load, an
 * ad-hoc query — out of the workload.
 */
export function statementsWorthAnalysing(
  statements: readonly StatementStats[],
  options: { limit: number; minShare: number },
): StatementStats[] {
  return statements
    .filter((s) => s.timeShare >= options.minShare || s.blockShare >= options.minShare)
    .slice(0, options.limit);
}

interface StatementRow {
  queryid: string;
  query: string;
  calls: number;
  total_exec_ms: number;
  rows: number;
  shared_blks_hit: number;
  shared_blks_read: number;
  time_share: number | null;
  block_share: number | null;
  userids: string[];
}

/** Calls and total time per queryid right now: the "before" and "after" of a measurement. */
export async function readStatementTotals(
  client: ClientBase,
  schema: string,
  queryids: readonly string[],
): Promise<Map<string, { calls: number; totalExecMs: number }>> {
  const result = await client.query<{ queryid: string; calls: number; total_exec_ms: number }>(
    `SELECT queryid::text AS queryid, sum(calls)::float8 AS calls, sum(total_exec_time)::float8 AS total_exec_ms
     FROM ${quoteSchema(schema)}.pg_stat_statements(false)
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND queryid::text = ANY($1::text[])
     GROUP BY queryid`,
    [queryids],
  );
  return new Map(result.rows.map((r) => [r.queryid, { calls: r.calls, totalExecMs: r.total_exec_ms }]));
}

function quoteSchema(schema: string): string {
  return `"${schema.replace(/"/g, '""')}"`;
}
