/**
 * Top statements of the current database by total execution time. Statements are summed over users
 * (pg_stat_statements keys by userid, dbid, queryid; Perflens labels by database and queryid only, so
 * one queryid run by two roles would otherwise produce duplicate series). pg_stat_statements(false)
 * skips the query texts, the costly part of the view; statement-text.ts reads the few it exports.
 *
 * PostgreSQL 17 (pg_stat_statements 1.11) renamed blk_read_time to shared_blk_read_time; 13 to 16 have
 * the old name, the same switch postgres_exporter makes in collector/pg_stat_statements.go.
 */
export function statementsSql(schema: string, serverVersionNum: number): string {
  const blockReadTime = serverVersionNum >= 170000 ? 'shared_blk_read_time' : 'blk_read_time';
  return `
SELECT queryid::text AS queryid,
  sum(calls)::float8 AS calls,
  sum(total_exec_time)::float8 / 1000 AS seconds,
  sum(rows)::float8 AS rows,
  sum(shared_blks_hit)::float8 AS shared_blks_hit,
  sum(shared_blks_read)::float8 AS shared_blks_read,
  sum(${blockReadTime})::float8 / 1000 AS block_read_seconds
FROM ${schema}.pg_stat_statements(false)
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
GROUP BY queryid
ORDER BY sum(total_exec_time) DESC, queryid
LIMIT $1`;
}
