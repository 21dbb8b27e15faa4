import type { ClientBase } from 'pg';

/** The index an apply creates or drops, as recorded in the audit row's details. */
export interface IndexTarget {
  schema: string;
  index: string;
}

/** What a statement does to its target index: apply and reconciliation compare the catalog with this. */
export type IndexChange = 'create' | 'drop';

export function indexChangeOf(sql: string): IndexChange | undefined {
  if (/^\s*CREATE\s+(UNIQUE\s+)?INDEX\b/i.test(sql)) return 'create';
  if (/^\s*DROP\s+INDEX\b/i.test(sql)) return 'drop';
  return undefined;
}

export function qualifiedName(target: IndexTarget): string {
  return `${target.schema}.${target.index}`;
}

/** valid / invalid for an existing index, absent when there is none. */
export type IndexState = 'valid' | 'invalid' | 'absent';

export async function indexState(client: ClientBase, target: IndexTarget): Promise<IndexState> {
  const result = await client.query<{ valid: boolean }>(
    `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [target.schema, target.index],
  );
  const row = result.rows[0];
  return row === undefined ? 'absent' : row.valid ? 'valid' : 'invalid';
}

/**
 * Runs one statement outside a transaction block (CONCURRENTLY requires that) with a lock timeout, so a
 * busy table makes it fail fast instead of queueing every other query behind it (PostgreSQL docs 20.11.1).
 * Returns the error text, or null. A broken connection is thrown, not returned: then nobody knows what the
 * statement did, and the caller must not claim either outcome.
 */
export async function runWithLockTimeout(
  client: ClientBase,
  sql: string,
  lockTimeoutMs: number,
): Promise<string | null> {
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
  let failure: string | null = null;
  try {
    await client.query(sql);
  } catch (error) {
    failure = (error as Error).message;
  }
  await client.query('RESET lock_timeout');
  return failure;
}

export interface DropAttempts {
  lockTimeoutMs: number;
  /** DROP INDEX CONCURRENTLY tries (default 3), waiting 250 ms, 500 ms, ... between them. */
  attempts?: number;
  backoffMs?: number;
}

/**
 * Drops an INVALID index left by a CREATE INDEX CONCURRENTLY that failed part-way (docs, CREATE INDEX,
 * "Building Indexes Concurrently"). DROP INDEX CONCURRENTLY must wait for every transaction using the table,
 * so the same open transaction that broke the build often delays the drop: it is retried with backoff.
 * A valid index is never dropped here. Returns the last error when the index is still there.
 */
export async function dropInvalidIndex(
  client: ClientBase,
  target: IndexTarget,
  options: DropAttempts,
): Promise<{ dropped: boolean; error: string | null }> {
  const attempts = Math.max(1, options.attempts ?? 3);
  let error: string | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const state = await indexState(client, target);
    if (state === 'absent') return { dropped: true, error: null };
    if (state === 'valid') return { dropped: false, error: 'the index is valid now; it is left in place' };
    error = await runWithLockTimeout(
      client,
      `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdentifier(target.schema)}.${quoteIdentifier(target.index)}`,
      options.lockTimeoutMs,
    );
    if (error === null) return { dropped: true, error: null };
    if (attempt < attempts)
      await new Promise((resolve) => setTimeout(resolve, (options.backoffMs ?? 250) * 2 ** (attempt - 1)));
  }
  return { dropped: false, error };
}

/**
 * A session-level advisory lock per recommendation, held while an apply or rollback of it runs. A
 * PostgreSQL backend keeps it until it ends, even when the client that started the DDL was killed and
 * the backend still builds the index; reconciliation takes it first, so it never settles a row whose DDL
 * is still running anywhere.
 */
export async function tryLockRecommendation(client: ClientBase, recommendationId: string): Promise<boolean> {
  const result = await client.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_lock(hashtext('perflens_advisor'), hashtext($1)) AS locked`,
    [recommendationId],
  );
  return result.rows[0]!.locked;
}

export async function unlockRecommendation(client: ClientBase, recommendationId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock(hashtext('perflens_advisor'), hashtext($1))`, [
    recommendationId,
  ]);
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
