import {
  createIndexConcurrentlySql,
  dropIndexConcurrentlySql,
  indexName,
  qualifiedName,
} from '@perflens/conventions';
import type { Recommendation } from '../findings/finding';
import { formatBytes, formatPercent } from '../findings/format-values';
import type {
  CreateIndex,
  EndLongTransactions,
  ExplainStatement,
  FindLockBlockers,
} from '../findings/recommendation-spec';

/** What a person replaces in an index recommendation whose columns no advice has named yet. */
const COLUMN_PLACEHOLDER = '<column>';

/** SQL that shows the statement's text and numbers; the next step is EXPLAIN (ANALYZE, BUFFERS) on it. */
export function statementLookupSql(queryid: string): string {
  const literal = /^-?\d+$/.test(queryid) ? queryid : `'${queryid.replace(/'/g, "''")}'`;
  return `SELECT query, calls, mean_exec_time, rows / NULLIF(calls, 0) AS rows_per_call\nFROM pg_stat_statements WHERE queryid = ${literal};`;
}

/**
 * The index to create, in the DDL perflens advisor applies (@perflens/conventions' index-ddl). Without
 * columns, the look-up of the statements that read the table (their WHERE clause names the column) comes
 * first and the index has a `<column>` placeholder.
 */
export function createIndexRecommendation(spec: CreateIndex): Recommendation {
  const readingStatements = spec.readBy ?? [];
  const table = qualifiedName(spec.schema, spec.table);
  const expectedEffect = `Index scans read a few pages instead of the whole table${spec.tableSizeBytes !== undefined ? ` (${formatBytes(spec.tableSizeBytes)})` : ''} per call.`;
  if (spec.columns && spec.columns.length > 0) {
    const name = spec.indexName ?? indexName(spec.table, spec.columns);
    const advised = spec.advisedFor;
    const served = advised?.queryids.join(', ') || 'reading this table';
    return {
      action: `Index ${table} on (${spec.columns.join(', ')})${advised?.verified ? ', checked with a hypothetical index (hypopg)' : ''}${advised ? ', as perflens advisor proposes for the statements that scan it' : ''}.`,
      expectedEffect,
      effort: 'low',
      sql: `-- ${advised ? `perflens advisor: serves statement(s) ${served}; ` : ''}CONCURRENTLY does not block writes\n${createIndexConcurrentlySql({ schema: spec.schema, table: spec.table, columns: spec.columns, name })};`,
      rollbackSql: `${dropIndexConcurrentlySql(spec.schema, name)};`,
    };
  }
  const name = `${spec.table}_${COLUMN_PLACEHOLDER}_idx`;
  const readers =
    readingStatements.length === 0
      ? 'the statements linked to this finding filter or join on (their WHERE clause)'
      : readingStatements.length === 1
        ? `statement ${readingStatements[0]} filters or joins on (its WHERE clause)`
        : `statements ${readingStatements.join(', ')} filter or join on (their WHERE clauses)`;
  const lookups = readingStatements.map(
    (id) => `-- the statement's WHERE clause names the column:\n${statementLookupSql(id)}\n`,
  );
  return {
    action: `Index ${table} on the column(s) ${readers}; check the choice with a hypothetical index first (perflens advisor uses hypopg).`,
    expectedEffect,
    effort: 'low',
    sql: `${lookups.join('')}-- replace ${COLUMN_PLACEHOLDER} with the filtered column; CONCURRENTLY does not block writes\n${createIndexConcurrentlySql({ schema: spec.schema, table: spec.table, columns: [COLUMN_PLACEHOLDER], name })};`,
    rollbackSql: `${dropIndexConcurrentlySql(spec.schema, name)};`,
  };
}

/** Reading the statement and its plan: why depends on whether it weighs in total or per call. */
export function explainStatementRecommendation(spec: ExplainStatement): Recommendation {
  const sql = statementLookupSql(spec.queryid);
  if (spec.because === 'most-total-time') {
    return {
      action:
        'Read the statement and its plan; look for a sequential scan (linked as a cause when one matches), a sort or a nested loop over many rows.',
      expectedEffect: `Halving its time frees ${formatPercent(spec.timeShare / 2)} of the database’s statement time.`,
      effort: 'medium',
      sql,
    };
  }
  return {
    action:
      'Run EXPLAIN (ANALYZE, BUFFERS) on the statement with typical parameters; index the columns of a filter that reads many rows to return few.',
    expectedEffect:
      'An index lookup instead of a scan usually brings a mean of this size under a few milliseconds.',
    effort: 'medium',
    sql,
  };
}

/** Who blocks whom, while it happens (pg_blocking_pids), and a lock_timeout so waits end in an error. */
export function findLockBlockersRecommendation(_spec: FindLockBlockers): Recommendation {
  return {
    action:
      'List who blocks whom while it happens, then shorten the blocking transactions or reorder their updates; a lock_timeout turns endless waits into errors the application can retry.',
    expectedEffect: 'Requests no longer stall behind other transactions.',
    effort: 'medium',
    sql: "SELECT pid, pg_blocking_pids(pid) AS blocked_by, now() - xact_start AS in_transaction, query\nFROM pg_stat_activity WHERE wait_event_type = 'Lock';",
    config: "ALTER ROLE app SET lock_timeout = '5s';",
  };
}

/** The sessions with old transactions, and the timeout that ends idle ones (PostgreSQL docs 20.11.1). */
export function endLongTransactionsRecommendation(spec: EndLongTransactions): Recommendation {
  return {
    action: spec.idleInTransaction
      ? 'A session sits idle inside a transaction: find the code path that opens a transaction and awaits something else (HTTP call, user input) before COMMIT; set idle_in_transaction_session_timeout.'
      : 'Find the long statement or batch and split it into smaller transactions.',
    expectedEffect: 'Locks released sooner and VACUUM able to clean up again.',
    effort: 'low',
    sql: `SELECT pid, state, now() - xact_start AS open_for, query FROM pg_stat_activity\nWHERE xact_start < now() - interval '${spec.olderThanSeconds} seconds' ORDER BY xact_start;\n-- then, if it must go: SELECT pg_terminate_backend(<pid>);`,
    config: "ALTER SYSTEM SET idle_in_transaction_session_timeout = '60s'; SELECT pg_reload_conf();",
  };
}
