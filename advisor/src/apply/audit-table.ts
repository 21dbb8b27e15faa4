import type { ClientBase } from 'pg';

/** The advisor's own schema: its audit table lives here, apart from the application's tables. */
export const AUDIT_TABLE = 'perflens_advisor.audit';

export type AuditAction = 'apply' | 'rollback' | 'measure';

/**
 * How an action ended. `pending` is written and committed before any DDL runs, so a process that dies
 * mid-DDL still leaves a row; reconcilePendingApplies settles it later against the catalog.
 */
export type AuditOutcome = 'pending' | 'succeeded' | 'failed';

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
  outcome: AuditOutcome;
  error: string | null;
  /** An INVALID index this action left behind and could not drop yet ("schema.index"); null when none. */
  leftover: string | null;
  /** For apply: the target index and the statements' totals at that moment; for measure: the comparison. */
  details: Record<string, unknown> | null;
}

/**
 * Creates the audit schema and table, or brings an older table (outcome succeeded/failed only, no
 * leftover column) up to date. The catalog is read first so the usual call takes no lock on the table.
 */
export async function ensureAuditTable(client: ClientBase): Promise<void> {
  const first = await tableState(client);
  if (first.present && first.current) return;
  // CREATE SCHEMA/TABLE IF NOT EXISTS is not safe against a concurrent twin (both pass the check, one fails
  // on pg_namespace's unique index), and the exporter reconciles at start while the first request may arrive:
  // a session advisory lock serialises the creators, and the catalog is read again under it.
  await client.query('SELECT pg_advisory_lock($1)', [AUDIT_CREATION_LOCK]);
  try {
    await createOrUpgrade(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [AUDIT_CREATION_LOCK]);
  }
}

/** An arbitrary constant the advisor alone uses as its advisory-lock key ("perflens" in ASCII, truncated). */
const AUDIT_CREATION_LOCK = 0x7065_7266_6c65;

async function tableState(client: ClientBase): Promise<{ present: boolean; current: boolean }> {
  const state = await client.query<{ present: boolean; current: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS present,
       EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'leftover' AND NOT attisdropped) AS current`,
    [AUDIT_TABLE],
  );
  return state.rows[0]!;
}

async function createOrUpgrade(client: ClientBase): Promise<void> {
  const { present, current } = await tableState(client);
  if (present && current) return;
  if (!present) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS perflens_advisor;
      CREATE TABLE IF NOT EXISTS ${AUDIT_TABLE} (
        id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), actor text NOT NULL,
        db_user text NOT NULL DEFAULT current_user, action text NOT NULL CHECK (action IN ('apply', 'rollback', 'measure')),
        recommendation_id text NOT NULL, kind text NOT NULL, sql text NOT NULL, rollback_sql text,
        outcome text NOT NULL CONSTRAINT audit_outcome_states CHECK (outcome IN ('pending', 'succeeded', 'failed')),
        error text, leftover text, details jsonb)`);
    return;
  }
  await client.query(`ALTER TABLE ${AUDIT_TABLE} ADD COLUMN IF NOT EXISTS leftover text,
    DROP CONSTRAINT IF EXISTS audit_outcome_check, DROP CONSTRAINT IF EXISTS audit_outcome_states,
    ADD CONSTRAINT audit_outcome_states CHECK (outcome IN ('pending', 'succeeded', 'failed'))`);
}

const SELECT_ENTRY = `SELECT id::int AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor,
  db_user AS "dbUser", action, recommendation_id AS "recommendationId", kind, sql, rollback_sql AS "rollbackSql",
  outcome, error, leftover, details FROM ${AUDIT_TABLE}`;

/**
 * Creates or upgrades the audit table where the role may; false when it may not and there is no table,
 * which means nothing was ever applied here. The readers (the audit, start-up reconciliation) then answer
 * so instead of failing: the advisor role made without enable_apply may not create schemas.
 */
export async function auditTableReady(client: ClientBase): Promise<boolean> {
  try {
    await ensureAuditTable(client);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === INSUFFICIENT_PRIVILEGE && !(await tableState(client)).present)
      return false;
    throw error;
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

/** The newest audit rows first; none where nothing was ever applied. */
export async function readAudit(client: ClientBase, limit: number): Promise<AuditEntry[]> {
  if (!(await auditTableReady(client))) return [];
  const result = await client.query(`${SELECT_ENTRY} ORDER BY id DESC LIMIT $1`, [limit]);
  return result.rows as AuditEntry[];
}

/** Rows matching `where` (a fixed SQL condition with $n parameters), oldest first. */
export async function selectEntries(
  client: ClientBase,
  where: string,
  parameters: unknown[],
): Promise<AuditEntry[]> {
  const result = await client.query(`${SELECT_ENTRY} WHERE ${where} ORDER BY id`, parameters);
  return result.rows as AuditEntry[];
}

/** Inserts a row; autocommit, so it is durable before the caller runs any DDL. */
export async function insertEntry(
  client: ClientBase,
  e: Omit<AuditEntry, 'id' | 'at' | 'dbUser' | 'leftover'> & { leftover?: string | null },
): Promise<AuditEntry> {
  const result = await client.query(
    `WITH inserted AS (INSERT INTO ${AUDIT_TABLE} (actor, action, recommendation_id, kind, sql, rollback_sql, outcome, error, leftover, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *)
     ${SELECT_ENTRY.replace(AUDIT_TABLE, 'inserted')}`,
    [
      e.actor,
      e.action,
      e.recommendationId,
      e.kind,
      e.sql,
      e.rollbackSql,
      e.outcome,
      e.error,
      e.leftover ?? null,
      e.details,
    ],
  );
  return result.rows[0] as AuditEntry;
}

/** Settles a row: its outcome, error and leftover, with `details` merged into what it had. */
export async function updateEntry(
  client: ClientBase,
  id: number,
  change: {
    outcome: AuditOutcome;
    error: string | null;
    leftover: string | null;
    details?: Record<string, unknown>;
  },
): Promise<AuditEntry> {
  const result = await client.query(
    `WITH updated AS (UPDATE ${AUDIT_TABLE} SET outcome = $2, error = $3, leftover = $4,
       details = coalesce(details, '{}'::jsonb) || $5::jsonb WHERE id = $1 RETURNING *)
     ${SELECT_ENTRY.replace(AUDIT_TABLE, 'updated')}`,
    [id, change.outcome, change.error, change.leftover, change.details ?? {}],
  );
  return result.rows[0] as AuditEntry;
}
