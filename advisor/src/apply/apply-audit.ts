import type { ClientBase } from 'pg';
import type { Recommendation } from '../report/recommendation';
import { readStatementTotals } from '../statements/statements-source';

/** The advisor's own schema: its audit table lives here, apart from the application's tables. */
export const AUDIT_TABLE = 'perflens_advisor.audit';

export type AuditAction = 'apply' | 'rollback' | 'measure';

/** One row of the audit table: who did what, when, with which SQL, and how it ended. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  dbUser: string;
  action: AuditAction;
  recommendationId: string;
  kind: string;
  sql: string;
  rollbackSql: string | null;
  outcome: 'succeeded' | 'failed';
  error: string | null;
  /** For apply: calls and total time per statement at that moment; for measure: the comparison. */
  details: Record<string, unknown> | null;
}

/** An apply or rollback that failed; the database is as it was, and the audit row says why. */
export class ApplyError extends Error {
  constructor(
    message: string,
    readonly entry: AuditEntry | undefined,
  ) {
    super(message);
  }
}

/** Creates the audit schema and table once (idempotent). */
export async function ensureAuditTable(client: ClientBase): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS perflens_advisor;
    CREATE TABLE IF NOT EXISTS ${AUDIT_TABLE} (
      id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), actor text NOT NULL,
      db_user text NOT NULL DEFAULT current_user, action text NOT NULL CHECK (action IN ('apply', 'rollback', 'measure')),
      recommendation_id text NOT NULL, kind text NOT NULL, sql text NOT NULL, rollback_sql text,
      outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')), error text, details jsonb)`);
}

/**
 * Runs a recommendation's SQL with a lock timeout (so a busy table makes it fail fast instead of queueing
 * every other query behind it, PostgreSQL docs 20.11.1) and records the outcome. A CREATE INDEX
 * CONCURRENTLY that fails part-way leaves an INVALID index behind (docs, CREATE INDEX, "Building Indexes
 * Concurrently"); that index is dropped again so the database is as it was before.
 */
export async function applyRecommendation(
  client: ClientBase,
  recommendation: Recommendation,
  options: { actor: string; lockTimeoutMs: number; statementsSchema?: string },
): Promise<AuditEntry> {
  if (!recommendation.applySql) throw new ApplyError(`${recommendation.id} has no SQL to apply`, undefined);
  await ensureAuditTable(client);
  const index = recommendation.kind === 'missing-index' ? recommendation.target : undefined;
  if (index && (await indexValidity(client, index.schema!, index.index!)) !== undefined) {
    throw new ApplyError(`index ${index.schema}.${index.index} already exists`, undefined);
  }
  const queryids = (recommendation.statements ?? []).map((s) => s.queryid);
  const before =
    options.statementsSchema && queryids.length > 0
      ? Object.fromEntries(await readStatementTotals(client, options.statementsSchema, queryids))
      : {};
  const error = await runWithLockTimeout(client, recommendation.applySql, options.lockTimeoutMs);
  if (error && index && (await indexValidity(client, index.schema!, index.index!)) === false) {
    await runWithLockTimeout(client, recommendation.rollbackSql!, options.lockTimeoutMs);
  }
  const entry = await record(client, {
    actor: options.actor,
    action: 'apply',
    recommendationId: recommendation.id,
    kind: recommendation.kind,
    sql: recommendation.applySql,
    rollbackSql: recommendation.rollbackSql ?? null,
    error,
    details: { before },
  });
  if (error)
    throw new ApplyError(`apply of ${recommendation.id} failed, nothing was changed: ${error}`, entry);
  return entry;
}

/** Runs the rollback SQL recorded with a successful apply, and records it the same way. */
export async function rollbackApplication(
  client: ClientBase,
  applyId: number,
  options: { actor: string; lockTimeoutMs: number },
): Promise<AuditEntry> {
  const applied = await appliedEntry(client, applyId);
  if (!applied.rollbackSql) throw new ApplyError(`audit entry ${applyId} has no rollback SQL`, undefined);
  const error = await runWithLockTimeout(client, applied.rollbackSql, options.lockTimeoutMs);
  const entry = await record(client, {
    actor: options.actor,
    action: 'rollback',
    recommendationId: applied.recommendationId,
    kind: applied.kind,
    sql: applied.rollbackSql,
    rollbackSql: null,
    error,
    details: { applyId },
  });
  if (error) throw new ApplyError(`rollback of audit entry ${applyId} failed: ${error}`, entry);
  return entry;
}

/**
 * Compares the mean execution time of the recommendation's statements before the apply (totals since
 * the statistics were reset) with the calls made since (the difference of two pg_stat_statements
 * readings), and records the result. Calls since the apply are reported so a reader can judge the window.
 */
export async function measureApplication(
  client: ClientBase,
  applyId: number,
  options: { actor: string; statementsSchema: string },
): Promise<AuditEntry> {
  const applied = await appliedEntry(client, applyId);
  const before = (applied.details?.before ?? {}) as Record<string, { calls: number; totalExecMs: number }>;
  const now = await readStatementTotals(client, options.statementsSchema, Object.keys(before));
  const statements = Object.entries(before).map(([queryid, b]) => {
    const n = now.get(queryid) ?? b;
    const callsAfter = n.calls - b.calls;
    return {
      queryid,
      meanMsBefore: b.calls > 0 ? round(b.totalExecMs / b.calls) : null,
      callsAfter,
      meanMsAfter: callsAfter > 0 ? round((n.totalExecMs - b.totalExecMs) / callsAfter) : null,
    };
  });
  return record(client, {
    actor: options.actor,
    action: 'measure',
    recommendationId: applied.recommendationId,
    kind: applied.kind,
    sql: applied.sql,
    rollbackSql: null,
    error: null,
    details: { applyId, statements },
  });
}

/** The newest audit rows first. */
export async function readAudit(client: ClientBase, limit: number): Promise<AuditEntry[]> {
  await ensureAuditTable(client);
  const result = await client.query(`${SELECT_ENTRY} ORDER BY id DESC LIMIT $1`, [limit]);
  return result.rows as AuditEntry[];
}

const SELECT_ENTRY = `SELECT id::int AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor,
  db_user AS "dbUser", action, recommendation_id AS "recommendationId", kind, sql, rollback_sql AS "rollbackSql",
  outcome, error, details FROM ${AUDIT_TABLE}`;

async function appliedEntry(client: ClientBase, applyId: number): Promise<AuditEntry> {
  await ensureAuditTable(client);
  const result = await client.query(
    `${SELECT_ENTRY} WHERE id = $1 AND action = 'apply' AND outcome = 'succeeded'`,
    [applyId],
  );
  if (result.rows.length === 0)
    throw new ApplyError(`no successful apply with audit id ${applyId}`, undefined);
  return result.rows[0] as AuditEntry;
}

async function record(
  client: ClientBase,
  e: Omit<AuditEntry, 'id' | 'at' | 'dbUser' | 'outcome'>,
): Promise<AuditEntry> {
  const result = await client.query(
    `WITH inserted AS (INSERT INTO ${AUDIT_TABLE} (actor, action, recommendation_id, kind, sql, rollback_sql, outcome, error, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *)
     ${SELECT_ENTRY.replace(AUDIT_TABLE, 'inserted')}`,
    [
      e.actor,
      e.action,
      e.recommendationId,
      e.kind,
      e.sql,
      e.rollbackSql,
      e.error ? 'failed' : 'succeeded',
      e.error,
      e.details,
    ],
  );
  return result.rows[0] as AuditEntry;
}

/** Runs one statement outside a transaction block (CONCURRENTLY requires that); returns the error text. */
async function runWithLockTimeout(
  client: ClientBase,
  sql: string,
  lockTimeoutMs: number,
): Promise<string | null> {
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
  try {
    await client.query(sql);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query('RESET lock_timeout');
  }
}

/** true/false for an existing valid/invalid index, undefined when there is none. */
async function indexValidity(client: ClientBase, schema: string, name: string): Promise<boolean | undefined> {
  const result = await client.query<{ valid: boolean }>(
    `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, name],
  );
  return result.rows[0]?.valid;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
