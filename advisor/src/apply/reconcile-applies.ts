import type { ClientBase } from 'pg';
import {
  auditTableReady,
  selectEntries,
  updateEntry,
  type AuditEntry,
  type AuditOutcome,
} from './audit-table';
import {
  dropInvalidIndex,
  indexChangeOf,
  indexState,
  qualifiedName,
  tryLockRecommendation,
  unlockRecommendation,
  type DropAttempts,
  type IndexTarget,
} from './index-state';

/** One audit row reconciliation changed, with the state it had before and what was found. */
export interface ReconciledEntry {
  previous: { outcome: AuditOutcome; leftover: string | null };
  entry: AuditEntry;
  note: string;
}

export interface ReconcileResult {
  settled: ReconciledEntry[];
  /** Rows whose apply or rollback still runs in some session (its advisory lock is held): left as they are. */
  running: AuditEntry[];
}

/**
 * Settles what crashed or timed-out applies and rollbacks left: `pending` rows (the process died between
 * committing the row and recording the outcome) and failed rows with an INVALID index still left over.
 * Each is compared with pg_index: an index that was built is recorded as applied, an INVALID one is
 * dropped (with retries), and a row whose DDL never ran is marked failed. Run at start-up and, for one
 * recommendation, before applying it again. Only rows whose advisory lock is free are touched.
 */
export async function reconcileApplies(
  client: ClientBase,
  options: DropAttempts & { recommendationId?: string },
): Promise<ReconcileResult> {
  // No audit table, nothing ever applied: a role without CREATE must not warn at every exporter start.
  if (!(await auditTableReady(client))) return { settled: [], running: [] };
  const open = `action IN ('apply', 'rollback') AND (outcome = 'pending' OR leftover IS NOT NULL)`;
  const ids =
    options.recommendationId === undefined
      ? [...new Set((await selectEntries(client, open, [])).map((r) => r.recommendationId))]
      : [options.recommendationId];
  const result: ReconcileResult = { settled: [], running: [] };
  for (const id of ids) {
    const ofId = () => selectEntries(client, `${open} AND recommendation_id = $1`, [id]);
    if (!(await tryLockRecommendation(client, id))) {
      result.running.push(...(await ofId()));
      continue;
    }
    try {
      // Read again under the lock: an apply that was running a moment ago may have settled its row.
      for (const row of await ofId()) result.settled.push(await settle(client, row, options));
    } finally {
      await unlockRecommendation(client, id);
    }
  }
  return result;
}

async function settle(client: ClientBase, row: AuditEntry, options: DropAttempts): Promise<ReconciledEntry> {
  const previous = { outcome: row.outcome, leftover: row.leftover };
  const target = row.details?.target as IndexTarget | undefined;
  const change = indexChangeOf(row.sql);
  const finish = async (
    outcome: AuditOutcome,
    error: string | null,
    leftover: string | null,
    note: string,
  ) => ({
    previous,
    note,
    entry: await updateEntry(client, row.id, {
      outcome,
      error,
      leftover,
      details: { reconciled: { at: new Date().toISOString(), note } },
    }),
  });
  if (!target || !change) {
    const note = `the session running it ended before it reported; whether "${row.sql}" took effect is unknown, check by hand`;
    return finish('failed', note, null, note);
  }
  const name = qualifiedName(target);
  const state = await indexState(client, target);
  const dropLeftover = async (why: string, keptError: string) => {
    const drop = await dropInvalidIndex(client, target, options);
    if (drop.dropped)
      return finish('failed', keptError, null, `${why}; its INVALID index ${name} was dropped`);
    const note = `${why}; its INVALID index ${name} remains (drop failed: ${drop.error}), retried at the next start or apply`;
    return finish('failed', keptError, name, note);
  };

  if (row.outcome !== 'pending') {
    // A failed row whose INVALID index could not be dropped at the time: try again.
    if (state === 'invalid') return dropLeftover('left by a failed apply', row.error ?? 'failed');
    return finish('failed', row.error, null, `${name} is ${state} now; nothing left to clean`);
  }
  const stopped = 'the process running it stopped before recording the outcome';
  if (row.action === 'apply' && change === 'create') {
    if (state === 'valid') return finish('succeeded', null, null, `${stopped}; the index ${name} was built`);
    if (state === 'absent')
      return finish('failed', stopped, null, `${stopped}; ${name} was never created, nothing changed`);
    return dropLeftover(`${stopped} mid-build`, stopped);
  }
  // A drop (the apply of an unused or duplicate index advice, or a rollback).
  if (state === 'absent') return finish('succeeded', null, null, `${stopped}; ${name} is gone`);
  const note =
    state === 'valid'
      ? `${stopped}; ${name} is still there, nothing changed`
      : `${stopped} mid-drop; ${name} remains, marked INVALID: run it again to finish the drop`;
  return finish('failed', stopped, null, note);
}
