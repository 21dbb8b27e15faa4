import type { ClientBase } from 'pg';
import { candidateKey, type IndexCandidate } from './candidate-indexes';
import { isCoveredByExisting, type TableInfo } from '../health/table-catalog';
import { mayServe, useConfiguration, whatIfCost, type WorkloadStatement } from './what-if';
import type { TableWriteCost } from './write-cost';

export interface WorkloadSelectionOptions {
  /** At most this many new indexes per table. */
  maxIndexesPerTable: number;
  /** Total estimated size (hypopg_relation_size) of all new indexes; 0 for no limit. */
  maxNewIndexBytes: number;
  /** An index must save at least this share of what the table's per-statement indexes would. */
  minIndexSavingShare: number;
  /** Bound on the EXPLAINs of the whole workload pass (cost matrix and re-costing). */
  maxWhatIfExplains: number;
  explainTimeoutMs: number;
}

/** One index of the chosen set, and the statements whose final plan uses it. */
export interface ChosenIndex {
  candidate: IndexCandidate;
  sizeBytes: number;
  /** Execution time it saves over the workload (its statements' share, after the whole set is in place). */
  savedMs: number;
  /** Write cost charged for it (write-cost.ts). */
  writeCostMs: number;
  serves: { statement: WorkloadStatement; costAfter: number; savedMs: number }[];
}

/** The workload's answer for one table. */
export interface TableSelection {
  table: TableInfo;
  statements: WorkloadStatement[];
  /** Distinct indexes the per-statement pass chose on the table: what one index per statement would take. */
  perStatementIndexes: number;
  candidates: number;
  chosen: ChosenIndex[];
  /** What the per-statement pass's indexes (one or more per statement) would save together, in ms. */
  perStatementMaxMs: number;
  savedMs: number;
  /** Saved ms after 1, 2, ... indexes of the greedy order: the benefit-versus-index-count curve. */
  curve: { indexes: number; savedMs: number }[];
  /** Why the greedy pass stopped, in words for the report. */
  stoppedBecause: string;
}

export interface WorkloadSelection {
  tables: TableSelection[];
  explains: number;
  /** (candidate, statement) pairs planned, and those skipped because the statement never names the index's first column. */
  pairsPlanned: number;
  pairsPruned: number;
  /** True when maxWhatIfExplains cut the cost matrix short (the least promising candidates were left out). */
  truncated: boolean;
  /** Wall time of the workload pass. */
  elapsedMs: number;
}

/**
 * Index selection for the workload as a whole, after AutoAdmin (Chaudhuri & Narasayya, VLDB 1997) and
 * pganalyze's Index Advisor, in three steps per table:
 *
 * 1. Candidates: the indexes the per-statement pass chose (each the best for one statement), plus merges
 *    — for every first column that starts two or more of them, that column alone — since one index that
 *    serves many statements well often beats many that serve one each perfectly.
 * 2. Cost matrix: each candidate is created alone as a hypothetical index and every statement on the
 *    table that names its first column is planned with it (a btree whose first key a statement never
 *    mentions cannot serve it; those pairs are skipped and counted). Execution time is mapped from cost:
 *    a statement's saving is its measured total time × (1 − cost after / cost before).
 * 3. Greedy with re-evaluation: repeatedly take the candidate with the largest net benefit — time it
 *    saves beyond the current configuration minus its write cost (write-cost.ts) — then create the chosen
 *    set together and re-plan the affected statements, so the next choice is measured against what the
 *    set already achieves (an index whose statements are served by an earlier pick gains little). Stop at
 *    the per-table budget, the size budget, or when the best remaining index saves less than its write
 *    cost or less than `minIndexSavingShare` of the per-statement maximum.
 */
export async function selectWorkloadIndexes(
  client: ClientBase,
  statements: readonly WorkloadStatement[],
  perStatement: readonly IndexCandidate[],
  writeCosts: ReadonlyMap<number, TableWriteCost>,
  options: WorkloadSelectionOptions,
): Promise<WorkloadSelection> {
  const start = Date.now();
  const selection: WorkloadSelection = {
    tables: [],
    explains: 0,
    pairsPlanned: 0,
    pairsPruned: 0,
    truncated: false,
    elapsedMs: 0,
  };
  const tables = new Map<number, TableInfo>();
  for (const c of perStatement) tables.set(c.table.oid, c.table);
  let bytesLeft = options.maxNewIndexBytes > 0 ? options.maxNewIndexBytes : Infinity;
  for (const table of tables.values()) {
    const onTable = statements.filter((s) => s.columns.has(table.oid));
    const result = await selectForTable(client, table, onTable, perStatement, selection, {
      ...options,
      writeCostMs: writeCosts.get(table.oid)?.perIndexMs ?? 0,
      bytesLeft,
    });
    bytesLeft -= result.chosen.reduce((sum, c) => sum + c.sizeBytes, 0);
    selection.tables.push(result);
  }
  await client.query('SELECT hypopg_reset()');
  selection.elapsedMs = Date.now() - start;
  return selection;
}

/** Weight of a statement: milliseconds of measured execution time per unit of planner cost. */
function msPerCost(s: WorkloadStatement): number {
  return s.costBefore > 0 ? s.stats.totalExecMs / s.costBefore : 0;
}

async function selectForTable(
  client: ClientBase,
  table: TableInfo,
  statements: readonly WorkloadStatement[],
  perStatement: readonly IndexCandidate[],
  selection: WorkloadSelection,
  options: WorkloadSelectionOptions & { writeCostMs: number; bytesLeft: number },
): Promise<TableSelection> {
  const perStatementMaxMs = statements.reduce(
    (sum, s) => sum + msPerCost(s) * Math.max(0, s.costBefore - s.bestCost),
    0,
  );
  const pool = candidatePool(table, perStatement, statements);
  // Cost matrix: candidate key → statement index → cost with that candidate alone.
  const matrix = new Map<string, Map<number, number>>();
  const sizes = new Map<string, number>();
  const evaluated: IndexCandidate[] = [];
  for (const candidate of pool) {
    const served = statements.flatMap((s, i) => (mayServe(s, candidate) ? [i] : []));
    if (selection.explains + served.length > options.maxWhatIfExplains) {
      selection.truncated = true;
      break;
    }
    selection.pairsPlanned += served.length;
    selection.pairsPruned += statements.length - served.length;
    const configuration = await useConfiguration(client, [candidate]);
    const made = [...configuration.values()][0];
    sizes.set(candidateKey(candidate), made?.sizeBytes ?? 0);
    const costs = new Map<number, number>();
    for (const i of served) {
      selection.explains += 1;
      const planned = await whatIfCost(client, statements[i]!, configuration, options.explainTimeoutMs);
      if (planned && planned.uses.length > 0) costs.set(i, planned.cost);
    }
    matrix.set(candidateKey(candidate), costs);
    evaluated.push(candidate);
  }
  const current = statements.map((s) => s.costBefore);
  const uses = statements.map((): IndexCandidate[] => []);
  const chosen: { candidate: IndexCandidate; sizeBytes: number }[] = [];
  const curve: { indexes: number; savedMs: number }[] = [];
  let bytesLeft = options.bytesLeft;
  let stoppedBecause = evaluated.length === 0 ? 'no candidate index' : 'every candidate is in the set';
  const remaining = new Set(evaluated);
  while (remaining.size > 0) {
    if (chosen.length >= options.maxIndexesPerTable) {
      stoppedBecause = `the budget of ${options.maxIndexesPerTable} new indexes per table`;
      break;
    }
    let best: { candidate: IndexCandidate; gain: number } | undefined;
    for (const candidate of remaining) {
      if ((sizes.get(candidateKey(candidate)) ?? 0) > bytesLeft) continue;
      let gain = 0;
      for (const [i, cost] of matrix.get(candidateKey(candidate))!)
        gain += msPerCost(statements[i]!) * Math.max(0, current[i]! - cost);
      if (!best || gain > best.gain) best = { candidate, gain };
    }
    if (!best) {
      stoppedBecause = 'the size budget (maxNewIndexBytes)';
      break;
    }
    if (best.gain <= options.writeCostMs) {
      stoppedBecause = `the best remaining index would save ${round(best.gain)} ms, no more than its write cost of ${round(options.writeCostMs)} ms`;
      break;
    }
    if (best.gain < options.minIndexSavingShare * perStatementMaxMs) {
      stoppedBecause = `the best remaining index would save ${round(best.gain)} ms, under ${options.minIndexSavingShare * 100}% of the per-statement maximum`;
      break;
    }
    remaining.delete(best.candidate);
    const sizeBytes = sizes.get(candidateKey(best.candidate)) ?? 0;
    chosen.push({ candidate: best.candidate, sizeBytes });
    bytesLeft -= sizeBytes;
    // Re-evaluation: the chosen set together, re-planned for the statements the new index may serve (the
    // plans of the others cannot change: no index they could use was added).
    const configuration = await useConfiguration(
      client,
      chosen.map((c) => c.candidate),
    );
    for (const [i, statement] of statements.entries()) {
      if (!mayServe(statement, best.candidate)) continue;
      selection.explains += 1;
      const planned = await whatIfCost(client, statement, configuration, options.explainTimeoutMs);
      if (planned && planned.cost < current[i]!) {
        current[i] = planned.cost;
        uses[i] = planned.uses.map((name) => configuration.get(name)!.candidate);
      }
    }
    curve.push({ indexes: chosen.length, savedMs: round(savedMs(statements, current)) });
  }
  if (chosen.length > 0)
    await coverWithInclude(
      client,
      table,
      statements,
      { chosen, current, uses, perStatementMaxMs },
      selection,
      options,
    );
  const result = chosen.map(({ candidate, sizeBytes }): ChosenIndex => {
    const serves = statements.flatMap((statement, i) => {
      if (!uses[i]!.includes(candidate)) return [];
      const share = 1 / new Set(uses[i]).size;
      const saved = msPerCost(statement) * (statement.costBefore - current[i]!) * share;
      return [{ statement, costAfter: current[i]!, savedMs: round(saved) }];
    });
    return {
      candidate,
      sizeBytes,
      writeCostMs: round(options.writeCostMs),
      savedMs: round(serves.reduce((sum, s) => sum + s.savedMs, 0)),
      serves,
    };
  });
  return {
    table,
    statements: [...statements],
    perStatementIndexes: new Set(perStatement.filter((c) => c.table.oid === table.oid).map(candidateKey))
      .size,
    candidates: pool.length,
    chosen: result.filter((c) => c.serves.length > 0),
    perStatementMaxMs: round(perStatementMaxMs),
    savedMs: round(savedMs(statements, current)),
    curve,
    stoppedBecause,
  };
}

/** INCLUDE columns at most: a wider index costs more to write and to keep in cache. */
const MAX_INCLUDE_COLUMNS = 3;

/**
 * INCLUDE, after the set is chosen: when every statement an index serves reads at most
 * MAX_INCLUDE_COLUMNS columns beyond its keys, the same index with those columns INCLUDEd lets them run
 * as index-only scans (no heap visits for all-visible pages). The wider index replaces the plain one
 * when the statements it serves save at least `minIndexSavingShare` of the per-statement maximum more.
 */
async function coverWithInclude(
  client: ClientBase,
  table: TableInfo,
  statements: readonly WorkloadStatement[],
  state: {
    chosen: { candidate: IndexCandidate; sizeBytes: number }[];
    current: number[];
    uses: IndexCandidate[][];
    perStatementMaxMs: number;
  },
  selection: WorkloadSelection,
  options: WorkloadSelectionOptions,
): Promise<void> {
  const { chosen, current, uses } = state;
  for (const [k, entry] of chosen.entries()) {
    const served = statements.flatMap((_, i) => (uses[i]!.includes(entry.candidate) ? [i] : []));
    const extra = new Set<string>();
    const coverable = served.every((i) => {
      const statement = statements[i]!;
      const reads = (entry.candidate.where ? statement.readsBesideConditions : statement.reads).get(
        table.oid,
      );
      for (const column of reads ?? []) if (!entry.candidate.columns.includes(column)) extra.add(column);
      return reads !== undefined;
    });
    const expression = entry.candidate.columns.some((c) => c.startsWith('('));
    if (
      served.length === 0 ||
      !coverable ||
      expression ||
      extra.size === 0 ||
      extra.size > MAX_INCLUDE_COLUMNS
    )
      continue;
    const wider: IndexCandidate = { ...entry.candidate, include: [...extra].sort() };
    const configuration = await useConfiguration(
      client,
      chosen.map((c, j) => (j === k ? wider : c.candidate)),
    );
    const trial = new Map<number, { cost: number; uses: IndexCandidate[] }>();
    let gain = 0;
    for (const i of served) {
      selection.explains += 1;
      const planned = await whatIfCost(client, statements[i]!, configuration, options.explainTimeoutMs);
      if (!planned || planned.cost >= current[i]!) continue;
      gain += msPerCost(statements[i]!) * (current[i]! - planned.cost);
      trial.set(i, {
        cost: planned.cost,
        uses: planned.uses.map((name) => configuration.get(name)!.candidate),
      });
    }
    if (gain < options.minIndexSavingShare * state.perStatementMaxMs) continue;
    const made = [...configuration.values()].find((h) => h.candidate === wider);
    const plain = entry.candidate;
    chosen[k] = { candidate: wider, sizeBytes: made?.sizeBytes ?? entry.sizeBytes };
    for (const [i, planned] of trial) {
      current[i] = planned.cost;
      uses[i] = planned.uses;
    }
    for (const [i, used] of uses.entries()) uses[i] = used.map((c) => (c === plain ? wider : c));
  }
}

function savedMs(statements: readonly WorkloadStatement[], current: readonly number[]): number {
  return statements.reduce((sum, s, i) => sum + msPerCost(s) * Math.max(0, s.costBefore - current[i]!), 0);
}

/**
 * The per-statement winners on `table` plus, for each first column that starts two or more of them, that
 * column alone (unless an index starts with it already), most promising first: by the time the statements
 * naming the first column took, so a cut-short matrix keeps the candidates that matter.
 */
function candidatePool(
  table: TableInfo,
  perStatement: readonly IndexCandidate[],
  statements: readonly WorkloadStatement[],
): IndexCandidate[] {
  const own = perStatement.filter((c) => c.table.oid === table.oid);
  const pool = new Map(own.map((c) => [candidateKey(c), c]));
  const leading = new Map<string, number>();
  for (const c of own)
    if (c.columns.length > 1) leading.set(c.columns[0]!, (leading.get(c.columns[0]!) ?? 0) + 1);
  for (const [column, count] of leading) {
    const merged: IndexCandidate = { table, columns: [column] };
    if (count >= 2 && !isCoveredByExisting(table, merged.columns)) pool.set(candidateKey(merged), merged);
  }
  const weight = (c: IndexCandidate) =>
    statements.reduce((sum, s) => sum + (mayServe(s, c) ? s.stats.totalExecMs : 0), 0);
  return [...pool.values()].sort(
    (a, b) => weight(b) - weight(a) || candidateKey(a).localeCompare(candidateKey(b)),
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
