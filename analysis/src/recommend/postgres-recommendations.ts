import {
  createIndexConcurrentlySql,
  dropIndexConcurrentlySql,
  indexName,
  qualifiedName,
  quoteIdent,
} from '@perflens/conventions';
import type { Recommendation } from '../findings/finding';
import { formatBytes, formatPercent, formatSeconds } from '../findings/format-values';
import type {
  CommitBeforeSlowWork,
  CreateIndex,
  EndLongTransactions,
  ExplainStatement,
  FindLockBlockers,
} from '../findings/recommendation-spec';

/** What a person replaces in an index recommendation whose columns no advice has named yet. */
const COLUMN_PLACEHOLDER = '<column>';

/**
 * What a person replaces in per-role settings: no metric names the role a service connects as, and a
 * guessed one (`app`) would silently change nothing or the wrong role.
 */
const ROLE_PLACEHOLDER = '<service_role>';

/** A per-role setting for the service's sessions in one database, with the placeholder explained. */
function roleSettingSql(datname: string, setting: string, value: string): string {
  return `-- replace ${ROLE_PLACEHOLDER} with the role your service connects as (the user of its connection string; SELECT current_user from the service)\nALTER ROLE ${ROLE_PLACEHOLDER} IN DATABASE ${quoteIdent(datname)} SET ${setting} = '${value}';`;
}

/** A statement's text as an SQL comment line (the text is on one line, constants as $n). */
function statementComment(queryid: string, query: string | undefined): string {
  return query ? `-- statement ${queryid}: ${query}\n` : '';
}

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
    const guessed = advised ? undefined : spec.columnsFrom;
    const origin = advised
      ? `${advised.verified ? ', checked with a hypothetical index (hypopg)' : ''}, as perflens advisor proposes for the statements that scan it`
      : guessed
        ? `, the column${spec.columns.length > 1 ? 's' : ''} statement ${guessed.queryid} looks rows up by (WHERE ${guessed.predicate}); prove it with a hypothetical index first (perflens advisor uses hypopg)`
        : '';
    const comment = advised
      ? `perflens advisor: serves statement(s) ${served}; `
      : guessed
        ? `from statement ${guessed.queryid}'s WHERE ${guessed.predicate}; `
        : '';
    return {
      action: `Index ${table} on (${spec.columns.join(', ')})${origin}.`,
      expectedEffect,
      effort: 'low',
      sql: `-- ${comment}CONCURRENTLY does not block writes\n${createIndexConcurrentlySql({ schema: spec.schema, table: spec.table, columns: spec.columns, name })};`,
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

/** A row-locking read: its time includes waiting for the transactions that hold the rows it locks. */
const LOCKING_READ = /\bFOR\s+(?:NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)\b/i;

/**
 * Reading the statement and its plan: why depends on whether it weighs in total or per call. A row-locking
 * read is slow mostly while it waits for other transactions, so an index is not the first fix there.
 */
export function explainStatementRecommendation(spec: ExplainStatement): Recommendation {
  const sql = `${statementComment(spec.queryid, spec.query)}${statementLookupSql(spec.queryid)}`;
  if (spec.query !== undefined && LOCKING_READ.test(spec.query)) {
    return {
      action:
        'It locks the rows it reads, so time spent waiting for the transactions that hold them counts as its own: shorten those transactions first (commit before slow work such as external calls; see the lock-waits and idle-in-transaction findings), then EXPLAIN (ANALYZE) it with typical parameters to see what is left of its plan.',
      expectedEffect: 'Once the holders commit promptly, its mean falls to its plan’s own cost.',
      effort: 'medium',
      sql,
    };
  }
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
export function findLockBlockersRecommendation(spec: FindLockBlockers): Recommendation {
  const top = spec.holders?.[0];
  const idleHolder = top?.state.includes('idle in transaction') === true;
  const blocker = top
    ? `Most waits are for sessions whose last statement was ${top.queryid}${idleHolder ? ', idle in transaction: the application keeps the transaction open while it does something else' : ` (${top.state})`}. `
    : '';
  return {
    action: `${blocker}List who blocks whom while it happens, then shorten the blocking transactions${idleHolder ? ' (commit before slow work)' : ''} or reorder their updates; a lock_timeout turns endless waits into errors the application can retry.`,
    expectedEffect: 'Requests no longer stall behind other transactions.',
    effort: 'medium',
    sql: `${(spec.holders ?? []).map((h) => statementComment(h.queryid, h.query)).join('')}SELECT pid, pg_blocking_pids(pid) AS blocked_by, now() - xact_start AS in_transaction, query\nFROM pg_stat_activity WHERE wait_event_type = 'Lock';`,
    config: roleSettingSql(spec.datname, 'lock_timeout', '5s'),
  };
}

/**
 * Commit before the slow work: while the transaction waits on the application (an HTTP call, a
 * computation), its row locks stall every session that needs those rows (PostgreSQL docs 13.3.2).
 */
export function commitBeforeSlowWorkRecommendation(spec: CommitBeforeSlowWork): Recommendation {
  const where = spec.routes.length > 0 ? `In ${spec.routes.join(', ')}, the` : 'The';
  const idle =
    spec.longestIdleSeconds !== undefined ? ` for up to ${formatSeconds(spec.longestIdleSeconds)}` : '';
  return {
    action: `${where} transaction that runs statement ${spec.queryid} stays open, idle${idle}, while the code does other work: commit before the external call or move the slow work out of the transaction (do it before BEGIN, or after COMMIT), and take row locks (SELECT … FOR UPDATE) just before the write that needs them.`,
    expectedEffect:
      'The locks are held for the statements alone, so the sessions waiting for them no longer wait for the slow work too.',
    effort: 'medium',
    sql: `${statementComment(spec.queryid, spec.query)}-- sessions idle in transaction and the sessions they block, while it happens\nSELECT pid, now() - state_change AS idle_for, now() - xact_start AS in_transaction, query,\n  (SELECT count(*) FROM pg_stat_activity w WHERE a.pid = ANY(pg_blocking_pids(w.pid))) AS blocking\nFROM pg_stat_activity a WHERE datname = current_database() AND state LIKE 'idle in transaction%' ORDER BY xact_start;`,
    // A backstop, not the fix: the server ends a transaction left idle longer than this (docs 20.11.1).
    config: roleSettingSql(spec.datname, 'idle_in_transaction_session_timeout', '10s'),
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
