import type { ClientBase } from 'pg';
import { candidateKey, type IndexCandidate } from './candidate-indexes';
import { hypotheticalSql } from './what-if';
import {
  explainGenericPlan,
  type PlanCost,
  type PlanFences,
  type RelationScan,
} from '../statements/generic-plan';
import { unsafeToPlan } from '../statements/function-guard';
import { choosePlanningRole, readStatementRoles, type StatementRole } from '../statements/planning-role';

/** A statement ready for what-if planning: its text, parameters and candidate indexes. */
export interface StatementToValidate {
  queryid: string;
  query: string;
  paramCount: number;
  single: IndexCandidate[];
  multi: IndexCandidate[];
}

/** The outcome for one statement: the indexes that pass the bar, with costs, or why none was checked. */
export interface ValidationResult {
  queryid: string;
  costBefore?: number;
  costAfter?: number;
  indexes: IndexCandidate[];
  error?: string;
  /** Explains run for this statement (for the benchmark's accounting). */
  explains: number;
  /** The quoted role it was planned as; absent when it was not planned. The workload pass plans it again. */
  role?: string;
  /** The relations its plan with no hypothetical index reads (generic-plan.ts); absent when not planned. */
  relationScans?: RelationScan[];
}

export interface ValidationOptions {
  minCost: number;
  minCostSavingsPct: number;
  maxHypotheticalIndexes: number;
  explainTimeoutMs: number;
  /** Plan statements run only by superusers (as that superuser). Off by default. */
  planSuperuserStatements: boolean;
  /** Plan statements that can reach functions outside pg_catalog (function-guard.ts). Off by default. */
  planNonCatalogFunctions: boolean;
  /** pg_stat_statements userids per queryid (StatementStats.userids): whose privileges plan it. */
  statementUserids: ReadonlyMap<string, readonly string[]>;
}

/** A statement cleared for planning, and the role it is planned as. */
interface Planned {
  statement: StatementToValidate;
  role: StatementRole;
}

/**
 * Dexter's what-if passes (lib/dexter/indexer.rb) with hypopg's hypothetical indexes, which the planner
 * sees in EXPLAIN but which cost no disk and no lock (hypopg docs). Statements are grouped so that a
 * group's hypothetical indexes stay under the batch limit; each group gets:
 *   pass 0: no hypothetical index (after hypopg_reset) — statements cheaper than minCost are dropped;
 *   pass 1: every single-column candidate; pass 2: plus every two-column candidate.
 * A single-column choice must cut the cost to under (1 - pct) of the original; a two-column one must
 * cut pass 1's cost by the same ratio while pass 1 is still above minCost (Dexter's "high bar for
 * multicolumn indexes"). When the chosen plan uses several hypothetical indexes, each is tried alone
 * (pass 3) and the best is kept if it still clears the bar, since one index is cheaper to keep than two.
 */
export async function validateWithHypopg(
  client: ClientBase,
  statements: readonly StatementToValidate[],
  options: ValidationOptions,
): Promise<ValidationResult[]> {
  const roles = await readStatementRoles(client, [...options.statementUserids.values()].flat());
  const results: ValidationResult[] = [];
  const cleared: Planned[] = [];
  for (const statement of statements) {
    const decision = await planningDecision(client, statement, roles, options);
    if ('skip' in decision)
      results.push({ queryid: statement.queryid, indexes: [], explains: 0, error: decision.skip });
    else cleared.push(decision);
  }
  for (const group of groupByBudget(cleared, options.maxHypotheticalIndexes)) {
    results.push(...(await validateGroup(client, group, options)));
  }
  await client.query('SELECT hypopg_reset()');
  return results;
}

/**
 * Whether a statement may be planned, and as whom: the role that ran it (never the advisor's own), and
 * only when planning cannot reach a function outside pg_catalog. The reasons go into the report.
 */
async function planningDecision(
  client: ClientBase,
  statement: StatementToValidate,
  roles: ReadonlyMap<string, StatementRole>,
  options: ValidationOptions,
): Promise<Planned | { skip: string }> {
  const choice = choosePlanningRole(options.statementUserids.get(statement.queryid) ?? [], roles, options);
  if ('skip' in choice) return choice;
  if (!options.planNonCatalogFunctions) {
    const unsafe = await unsafeToPlan(client, statement.query);
    if (unsafe) return { skip: `not planned: ${unsafe} (option planNonCatalogFunctions)` };
  }
  return { statement, role: choice.role };
}

async function validateGroup(
  client: ClientBase,
  group: readonly Planned[],
  options: ValidationOptions,
): Promise<ValidationResult[]> {
  const ratio = 1 - options.minCostSavingsPct / 100;
  const roleOf = new Map(group.map((p) => [p.statement.queryid, p.role.quoted]));
  const explain = (s: StatementToValidate, relations = false) =>
    explainGenericPlan(client, s.query, s.paramCount, {
      role: roleOf.get(s.queryid)!,
      timeoutMs: options.explainTimeoutMs,
      relations,
    });
  await client.query('SELECT hypopg_reset()');
  const pending: { statement: StatementToValidate; result: ValidationResult; costs: PlanCost[] }[] = [];
  const results: ValidationResult[] = [];
  for (const { statement } of group) {
    const result: ValidationResult = {
      queryid: statement.queryid,
      indexes: [],
      explains: 1,
      role: roleOf.get(statement.queryid),
    };
    results.push(result);
    try {
      // The real plan (no hypothetical index yet) also says which tables it scans: the analysis links a
      // table's sequential scans to the statements whose plans make them (perflens_pg_statement_plan_seq_scans).
      const initial = await explain(statement, true);
      result.costBefore = initial.totalCost;
      result.relationScans = initial.relationScans;
      result.costAfter = initial.totalCost;
      if (initial.totalCost >= options.minCost && statement.single.length > 0) {
        pending.push({ statement, result, costs: [initial] });
      }
    } catch (error) {
      result.error = `cannot be explained: ${(error as Error).message}`;
    }
  }
  const byName = new Map<string, IndexCandidate>();
  for (const pass of ['single', 'multi'] as const) {
    await createHypothetical(
      client,
      pending.flatMap((p) => p.statement[pass]),
      byName,
    );
    for (const entry of pending) {
      if (entry.result.error) continue;
      entry.result.explains += 1;
      try {
        entry.costs.push(await explain(entry.statement));
      } catch (error) {
        // A timeout with more indexes to consider, say: the statement keeps its pass 0 cost, no advice.
        entry.result.error = `cannot be explained with hypothetical indexes: ${(error as Error).message}`;
      }
    }
  }
  for (const { statement, result, costs } of pending) {
    if (result.error) continue;
    const [initial, pass1, pass2] = costs as [PlanCost, PlanCost, PlanCost];
    const singleWins = pass1.totalCost < initial.totalCost * ratio;
    const multiWins = pass1.totalCost > options.minCost && pass2.totalCost < pass1.totalCost * ratio;
    if (!singleWins && !multiWins) continue;
    const chosen = multiWins ? pass2 : pass1;
    result.costAfter = chosen.totalCost;
    result.indexes = uniqueCandidates(chosen.indexNames.map((name) => byName.get(name)));
    if (result.indexes.length > 1)
      await tryEachAlone(client, statement, result, initial.totalCost * ratio, {
        role: roleOf.get(statement.queryid)!,
        timeoutMs: options.explainTimeoutMs,
      });
  }
  return results;
}

/** Pass 3: one index alone that still clears the bar replaces a combination. */
async function tryEachAlone(
  client: ClientBase,
  statement: StatementToValidate,
  result: ValidationResult,
  bar: number,
  fences: PlanFences,
): Promise<void> {
  let best: { candidate: IndexCandidate; cost: number } | undefined;
  for (const candidate of result.indexes) {
    await client.query('SELECT hypopg_reset()');
    const byName = new Map<string, IndexCandidate>();
    await createHypothetical(client, [candidate], byName);
    result.explains += 1;
    const plan = await explainGenericPlan(client, statement.query, statement.paramCount, fences);
    const used = plan.indexNames.some((name) => byName.has(name));
    if (used && plan.totalCost < bar && (!best || plan.totalCost < best.cost))
      best = { candidate, cost: plan.totalCost };
  }
  if (best) {
    result.indexes = [best.candidate];
    result.costAfter = best.cost;
  }
}

async function createHypothetical(
  client: ClientBase,
  candidates: readonly IndexCandidate[],
  byName: Map<string, IndexCandidate>,
): Promise<void> {
  const unique = new Map(candidates.map((c) => [candidateKey(c), c]));
  if (unique.size === 0) return;
  const definitions = [...unique.values()].map(hypotheticalSql);
  const created = await client.query<{ indexname: string }>(
    'SELECT h.indexname FROM unnest($1::text[]) WITH ORDINALITY AS d(sql, ord), hypopg_create_index(d.sql) AS h ORDER BY d.ord',
    [definitions],
  );
  [...unique.values()].forEach((candidate, i) => {
    const name = created.rows[i]?.indexname;
    if (name) byName.set(name, candidate);
  });
}

function uniqueCandidates(candidates: (IndexCandidate | undefined)[]): IndexCandidate[] {
  const seen = new Map<string, IndexCandidate>();
  for (const c of candidates) if (c) seen.set(candidateKey(c), c);
  return [...seen.values()];
}

/** Splits statements so that each group's distinct candidates fit the hypothetical-index budget. */
function groupByBudget(statements: readonly Planned[], budget: number): Planned[][] {
  const groups: Planned[][] = [];
  let current: Planned[] = [];
  let keys = new Set<string>();
  for (const planned of statements) {
    const { statement } = planned;
    const own = [...statement.single, ...statement.multi].map(candidateKey);
    const merged = new Set([...keys, ...own]);
    if (current.length > 0 && merged.size > budget) {
      groups.push(current);
      current = [];
      keys = new Set(own);
    } else keys = merged;
    current.push(planned);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
