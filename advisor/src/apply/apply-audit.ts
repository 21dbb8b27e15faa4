import type { ClientBase } from 'pg';
import type { Recommendation } from '../report/recommendation';
import { readStatementTotals } from '../statements/statements-source';
import { validateActor } from './actor';
import { ensureAuditTable, insertEntry, selectEntries, updateEntry, type AuditEntry } from './audit-table';
import {
  dropInvalidIndex,
  indexChangeOf,
  indexState,
  qualifiedName,
  runWithLockTimeout,
  tryLockRecommendation,
  unlockRecommendation,
  type DropAttempts,
  type IndexTarget,
} from './index-state';
import { reconcileApplies } from './reconcile-applies';

export { AUDIT_TABLE, ensureAuditTable, readAudit } from './audit-table';
export type { AuditAction, AuditEntry, AuditOutcome } from './audit-table';

/** An apply, rollback or measure that did not happen; the message says what, if anything, remains. */
export class ApplyError extends Error {
  constructor(
    message: string,
    readonly entry: AuditEntry | undefined,
  ) {
    super(message);
  }
}

export interface ApplyOptions {
  actor: string;
  lockTimeoutMs: number;
  statementsSchema?: string;
  /** Retries of DROP INDEX CONCURRENTLY for an INVALID leftover (default 3, backoff from 250 ms). */
  dropAttempts?: number;
  dropBackoffMs?: number;
}

/**
 * Runs a recommendation's SQL, audited first: a `pending` row is committed before any DDL and settled
 * after, so a process killed mid-DDL leaves a row that reconcileApplies settles later. Leftovers of an
 * earlier attempt of the same id are settled first, which is how a re-apply after a timeout works. A
 * CREATE INDEX CONCURRENTLY that fails part-way leaves an INVALID index (docs, CREATE INDEX, "Building
 * Indexes Concurrently"): it is dropped with retries, or, when that fails too, named in the error and the
 * audit row's `leftover`, and dropped at the next start or apply.
 */
export async function applyRecommendation(
  client: ClientBase,
  recommendation: Recommendation,
  options: ApplyOptions,
): Promise<AuditEntry> {
  const actor = validateActor(options.actor);
  const { id } = recommendation;
  const applySql = recommendation.applySql;
  if (!applySql) throw new ApplyError(`${id} has no SQL to apply`, undefined);
  const drops: DropAttempts = {
    lockTimeoutMs: options.lockTimeoutMs,
    attempts: options.dropAttempts,
    backoffMs: options.dropBackoffMs,
  };
  await ensureAuditTable(client);
  if (!(await tryLockRecommendation(client, id)))
    throw new ApplyError(`an apply or rollback of ${id} is already running; nothing was started`, undefined);
  try {
    const earlier = await reconcileApplies(client, { ...drops, recommendationId: id });
    const change = indexChangeOf(applySql);
    const { schema, index } = recommendation.target;
    const target: IndexTarget | undefined = change && schema && index ? { schema, index } : undefined;
    const queryids = (recommendation.statements ?? []).map((s) => s.queryid);
    const before =
      options.statementsSchema && queryids.length > 0
        ? Object.fromEntries(await readStatementTotals(client, options.statementsSchema, queryids))
        : {};
    const row = {
      actor,
      action: 'apply' as const,
      recommendationId: id,
      kind: recommendation.kind,
      sql: applySql,
      rollbackSql: recommendation.rollbackSql ?? null,
      details: { before, ...(target ? { target } : {}) },
    };
    if (target && change === 'create') {
      const state = await indexState(client, target);
      if (state !== 'absent') {
        const stuck = earlier.settled.find((s) => s.entry.leftover === qualifiedName(target));
        const error = stuck
          ? `the INVALID index ${qualifiedName(target)} left by audit row ${stuck.entry.id} still cannot be dropped (${stuck.note}); nothing was started`
          : `index ${qualifiedName(target)} already exists (${state}, not left by the advisor); nothing was started`;
        const refused = await insertEntry(client, { ...row, outcome: 'failed', error });
        throw new ApplyError(`apply of ${id} refused: ${error}`, refused);
      }
    }
    const pending = await insertEntry(client, { ...row, outcome: 'pending', error: null });
    return await runPending(client, pending, target, drops);
  } finally {
    await unlockRecommendation(client, id).catch(() => undefined);
  }
}

/** Runs the DDL of a committed pending apply row and settles the row; the lock is held by the caller. */
async function runPending(
  client: ClientBase,
  pending: AuditEntry,
  target: IndexTarget | undefined,
  drops: DropAttempts,
): Promise<AuditEntry> {
  const id = pending.recommendationId;
  let error: string | null;
  let outcome: { leftover: string | null; remains: string };
  try {
    error = await runWithLockTimeout(client, pending.sql, drops.lockTimeoutMs);
    if (error === null)
      return await updateEntry(client, pending.id, { outcome: 'succeeded', error, leftover: null });
    outcome = await afterFailedApply(client, pending.sql, target, drops);
  } catch (broken) {
    throw new ApplyError(
      `apply of ${id}: the outcome is unknown (${(broken as Error).message}); audit row ${pending.id} stays pending and is settled at the next start or the next apply of ${id}`,
      pending,
    );
  }
  const entry = await updateEntry(client, pending.id, {
    outcome: 'failed',
    error,
    leftover: outcome.leftover,
    details: { remains: outcome.remains },
  });
  throw new ApplyError(`apply of ${id} failed: ${error}; ${outcome.remains}`, entry);
}

/** What a failed apply left, after dropping an INVALID half-built index where possible. */
async function afterFailedApply(
  client: ClientBase,
  sql: string,
  target: IndexTarget | undefined,
  drops: DropAttempts,
): Promise<{ leftover: string | null; remains: string }> {
  if (!target)
    return { leftover: null, remains: 'PostgreSQL rolled the statement back, nothing was changed' };
  const name = qualifiedName(target);
  const state = await indexState(client, target);
  if (indexChangeOf(sql) === 'drop') {
    if (state === 'valid') return { leftover: null, remains: `${name} is still there, nothing was changed` };
    if (state === 'absent') return { leftover: null, remains: `${name} is gone` };
    return { leftover: null, remains: `${name} remains, marked INVALID: run it again to finish the drop` };
  }
  if (state === 'absent') return { leftover: null, remains: 'no index was created, nothing was changed' };
  if (state === 'valid') return { leftover: null, remains: `the index ${name} exists and is valid` };
  const drop = await dropInvalidIndex(client, target, drops);
  if (drop.dropped)
    return { leftover: null, remains: `the INVALID index it left was dropped again, nothing was changed` };
  return {
    leftover: name,
    remains: `the INVALID index ${name} it left remains (drop failed: ${drop.error}); it is dropped at the next start or the next apply of this recommendation`,
  };
}

/** Runs the rollback SQL recorded with a successful apply, audited the same way (pending first). */
export async function rollbackApplication(
  client: ClientBase,
  applyId: number,
  options: { actor: string; lockTimeoutMs: number },
): Promise<AuditEntry> {
  const actor = validateActor(options.actor);
  const applied = await appliedEntry(client, applyId);
  if (!applied.rollbackSql) throw new ApplyError(`audit entry ${applyId} has no rollback SQL`, undefined);
  const id = applied.recommendationId;
  if (!(await tryLockRecommendation(client, id)))
    throw new ApplyError(`an apply or rollback of ${id} is already running; nothing was started`, undefined);
  try {
    const target = applied.details?.target as IndexTarget | undefined;
    const pending = await insertEntry(client, {
      actor,
      action: 'rollback',
      recommendationId: id,
      kind: applied.kind,
      sql: applied.rollbackSql,
      rollbackSql: null,
      outcome: 'pending',
      error: null,
      details: { applyId, ...(target ? { target } : {}) },
    });
    let error: string | null;
    let remains = 'PostgreSQL rolled the statement back, nothing was changed';
    try {
      error = await runWithLockTimeout(client, applied.rollbackSql, options.lockTimeoutMs);
      if (error === null)
        return await updateEntry(client, pending.id, { outcome: 'succeeded', error, leftover: null });
      if (target)
        remains = (await afterFailedApply(client, applied.rollbackSql, target, { lockTimeoutMs: 1 })).remains;
    } catch (broken) {
      throw new ApplyError(
        `rollback of audit entry ${applyId}: the outcome is unknown (${(broken as Error).message}); audit row ${pending.id} stays pending`,
        pending,
      );
    }
    const entry = await updateEntry(client, pending.id, {
      outcome: 'failed',
      error,
      leftover: null,
      details: { remains },
    });
    throw new ApplyError(`rollback of audit entry ${applyId} failed: ${error}; ${remains}`, entry);
  } finally {
    await unlockRecommendation(client, id).catch(() => undefined);
  }
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
  const actor = validateActor(options.actor);
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
  return insertEntry(client, {
    actor,
    action: 'measure',
    recommendationId: applied.recommendationId,
    kind: applied.kind,
    sql: applied.sql,
    rollbackSql: null,
    outcome: 'succeeded',
    error: null,
    details: { applyId, statements },
  });
}

async function appliedEntry(client: ClientBase, applyId: number): Promise<AuditEntry> {
  await ensureAuditTable(client);
  const [found] = await selectEntries(client, `id = $1 AND action = 'apply' AND outcome = 'succeeded'`, [
    applyId,
  ]);
  if (!found) throw new ApplyError(`no successful apply with audit id ${applyId}`, undefined);
  return found;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
