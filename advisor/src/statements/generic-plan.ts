import type { ClientBase } from 'pg';
import { ADVISOR_PREPARE_PREFIX } from './statements-source';

/** The planner's estimate for one statement and the indexes its plan uses. */
export interface PlanCost {
  totalCost: number;
  indexNames: string[];
}

const PLAN_NAME = 'perflens_advisor_plan';

/** The fences around one EXPLAIN: who plans it and how long it may wait. */
export interface PlanFences {
  /** The role that ran the statement, already quoted (planning-role.ts): its privileges, not the advisor's. */
  role: string;
  timeoutMs: number;
}

/**
 * EXPLAINs a normalized statement ($1, $2... instead of constants) without running it. PostgreSQL 16
 * has EXPLAIN (GENERIC_PLAN) for this; on 15 it fails with "there is no parameter $1", so this does what
 * Dexter does there: PREPARE the text, force a generic plan (plan_cache_mode, PostgreSQL docs 20.7.2)
 * and EXPLAIN EXECUTE it with NULLs, whose values a generic plan ignores.
 *
 * The text comes from pg_stat_statements, and planning evaluates functions on constants, so it is planned
 * in a READ ONLY transaction, as the role that ran it (SET LOCAL ROLE), with a statement and a lock
 * timeout, all rolled back. SET ROLE alone is not a boundary (code can RESET ROLE), so callers first
 * check that the statement reaches no function outside pg_catalog (function-guard.ts). The caller has
 * also checked that it parses as one SELECT, UPDATE or DELETE. hypopg's hypothetical indexes are
 * per-backend, not per-role, so the ones the advisor made are seen under SET ROLE. Everything is sent as
 * one simple-protocol message (one round trip); prepared statements are not transactional, so they are
 * deallocated after the rollback.
 */
export async function explainGenericPlan(
  client: ClientBase,
  sql: string,
  paramCount: number,
  fences: PlanFences,
): Promise<PlanCost> {
  const args = paramCount > 0 ? `(${Array.from({ length: paramCount }, () => 'NULL').join(', ')})` : '';
  const timeout = Math.max(1, Math.floor(fences.timeoutMs));
  const text =
    `BEGIN READ ONLY; SET LOCAL ROLE ${fences.role}; SET LOCAL statement_timeout = ${timeout}; ` +
    `SET LOCAL lock_timeout = ${timeout}; SET LOCAL plan_cache_mode = force_generic_plan; ` +
    `${ADVISOR_PREPARE_PREFIX}${sql}\n; ` +
    `EXPLAIN (FORMAT JSON) EXECUTE ${PLAN_NAME}${args}; ROLLBACK; DEALLOCATE ${PLAN_NAME}`;
  let results: unknown;
  try {
    results = await client.query(text);
  } catch (error) {
    // The failed statement aborted the transaction and skipped the rest of the message.
    await client.query(`ROLLBACK; DEALLOCATE ALL`);
    throw error;
  }
  const explain = (results as { rows: Record<string, unknown>[] }[]).find(
    (r) => r.rows?.[0]?.['QUERY PLAN'] !== undefined,
  );
  const plan = (explain?.rows[0]?.['QUERY PLAN'] as { Plan: PlanNode }[] | undefined)?.[0]?.Plan;
  if (!plan) throw new Error('EXPLAIN returned no plan');
  return { totalCost: plan['Total Cost'], indexNames: indexNamesOf(plan) };
}

interface PlanNode {
  'Total Cost': number;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function indexNamesOf(plan: PlanNode): string[] {
  const names = plan['Index Name'] ? [plan['Index Name']] : [];
  for (const child of plan.Plans ?? []) names.push(...indexNamesOf(child));
  return names;
}
