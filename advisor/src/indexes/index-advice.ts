import type { ClientBase } from 'pg';
import {
  candidateKey,
  columnUsesByTable,
  indexCandidates,
  type IndexCandidate,
  type TableColumnUse,
} from './candidate-indexes';
import { heuristicIndex } from './heuristic-index';
import { validateWithHypopg, type StatementToValidate, type ValidationOptions } from './hypopg-validation';
import { formatBytes } from './index-hygiene';
import { createIndexConcurrentlySql, dropIndexConcurrentlySql, indexName } from '@perflens/conventions';
import { recommendationId, type Recommendation, type StatementEvidence } from '../report/recommendation';
import {
  statementShape,
  UnsupportedStatementError,
  type StatementShape,
} from '../statements/statement-shape';
import type { StatementStats } from '../statements/statements-source';
import type { StatementPlan } from '../report/advisor-report';
import { loadTables } from '../health/table-catalog';
import { writeOverhead } from './write-overhead';
import { tableWriteCosts } from './write-cost';
import type { WorkloadStatement } from './what-if';
import {
  selectWorkloadIndexes,
  type WorkloadSelection,
  type WorkloadSelectionOptions,
} from './workload-selection';
import { candidateIndexName, chosenIndexRecommendation } from './workload-recommendation';
import { tableCoverage, type TableCoverage } from './table-coverage';
import { richPredicates, type RichPredicates } from './rich-predicates';
import { withExpressionUses, withRichCandidates, withoutExpressions } from './rich-candidates';

/** A problem with one statement; the rest of the report is unaffected. */
export interface StatementError {
  queryid: string;
  query: string;
  message: string;
}

export interface IndexAdviceResult {
  recommendations: Recommendation[];
  errors: StatementError[];
  /** Statements with at least one candidate column on a user table. */
  analysed: number;
  explains: number;
  /** The workload pass, when hypopg proved the advice. */
  workload?: WorkloadSelection;
  /** Per table the analysed statements read: their statements and the indexes chosen, or why none. */
  coverage: TableCoverage[];
  /** The relations each planned statement's real plan reads; empty without hypopg (nothing is planned). */
  statementPlans: StatementPlan[];
}

export type IndexAdviceOptions = ValidationOptions &
  WorkloadSelectionOptions & {
    hypopg: boolean;
    /** Every statement read (above the minCalls floor): the write statements the write cost is taken from. */
    workloadStatements?: readonly StatementStats[];
  };

interface Parsed {
  stats: StatementStats;
  shape: StatementShape;
  uses: TableColumnUse[];
  rich: RichPredicates;
}

/**
 * Missing-index advice for the given statements: parse each, resolve its tables, then prove candidates
 * with hypopg (Dexter's passes, per statement) and choose one index set for the whole workload from them
 * (workload-selection.ts), or, without hypopg, fall back to PgHero's statistics heuristic per statement
 * and mark the advice unverified. Statements that are not SELECT/UPDATE/DELETE are skipped silently (they are
 * not index questions); a statement that cannot be planned is reported as an error.
 */
export async function missingIndexAdvice(
  client: ClientBase,
  statements: readonly StatementStats[],
  options: IndexAdviceOptions,
): Promise<IndexAdviceResult> {
  const shapes: { stats: StatementStats; shape: StatementShape }[] = [];
  for (const stats of statements) {
    try {
      shapes.push({ stats, shape: await statementShape(stats.query) });
    } catch (error) {
      if (!(error instanceof UnsupportedStatementError)) throw error;
    }
  }
  const tables = await loadTables(
    client,
    shapes.flatMap((s) => s.shape.tables),
  );
  const parsed: Parsed[] = [];
  for (const s of shapes) {
    const rich = await richPredicates(s.stats.query, tables);
    const uses = withExpressionUses(columnUsesByTable(s.shape, tables), rich, tables);
    if (uses.length > 0) parsed.push({ ...s, uses, rich });
  }
  const found = new Map<
    string,
    { candidate: IndexCandidate; statements: StatementEvidence[]; verified: boolean }
  >();
  const add = (candidate: IndexCandidate, evidence: StatementEvidence, verified: boolean) => {
    const entry = found.get(candidateKey(candidate)) ?? { candidate, statements: [], verified };
    entry.statements.push(evidence);
    found.set(candidateKey(candidate), entry);
  };
  const errors: StatementError[] = [];
  let explains = 0;
  const all = options.workloadStatements ?? statements;
  const totalMs = all.reduce((sum, s) => sum + s.totalExecMs, 0);
  if (options.hypopg) {
    const toValidate: StatementToValidate[] = parsed.map((p) => ({
      queryid: p.stats.queryid,
      query: p.stats.query,
      paramCount: p.shape.paramCount,
      ...withRichCandidates(indexCandidates(p.uses), p.rich),
    }));
    const byId = new Map(parsed.map((p) => [p.stats.queryid, p]));
    const winners: IndexCandidate[] = [];
    const workload: WorkloadStatement[] = [];
    const validated = await validateWithHypopg(client, toValidate, options);
    for (const result of validated) {
      explains += result.explains;
      const { stats, shape, uses, rich } = byId.get(result.queryid)!;
      if (result.error) errors.push({ queryid: stats.queryid, query: stats.query, message: result.error });
      winners.push(...result.indexes);
      const before = result.costBefore;
      if (result.error || !result.role || before === undefined || before < options.minCost) continue;
      workload.push({
        stats,
        paramCount: shape.paramCount,
        role: result.role,
        costBefore: before,
        bestCost: result.costAfter ?? before,
        columns: new Map(uses.map((u) => [u.table.oid, new Set(u.columns.keys())])),
        reads: rich.reads,
        readsBesideConditions: rich.readsBesideConditions,
      });
    }
    const statementPlans = validated
      .filter((r) => r.relationScans !== undefined)
      .map((r) => ({ queryid: r.queryid, relations: r.relationScans! }));
    const writeCosts = await tableWriteCosts(client, all);
    const selection = await selectWorkloadIndexes(client, workload, winners, writeCosts, options);
    return {
      recommendations: selection.tables.flatMap((t) =>
        t.chosen.map((chosen) => chosenIndexRecommendation(chosen, totalMs)),
      ),
      errors,
      analysed: parsed.length,
      explains,
      workload: selection,
      statementPlans,
      coverage: tableCoverage(
        parsed,
        errors,
        (oid) =>
          selection.tables
            .filter((t) => t.table.oid === oid)
            .flatMap((t) => t.chosen.map((c) => candidateIndexName(c.candidate))),
        (oid) => selection.tables.find((t) => t.table.oid === oid)?.stoppedBecause,
        options,
      ),
    };
  } else {
    for (const p of parsed) {
      for (const use of withoutExpressions(p.uses)) {
        const suggestion = heuristicIndex(use);
        if (suggestion)
          add(suggestion.candidate, evidenceOf(p.stats, suggestion.rowsBefore, suggestion.rowsAfter), false);
      }
    }
  }
  mergeCoveredSingles(found);
  const recommendations = [...found.values()].map((f) =>
    indexRecommendation(f.candidate, f.statements, f.verified, totalMs),
  );
  return {
    recommendations,
    errors,
    analysed: parsed.length,
    explains,
    statementPlans: [],
    coverage: tableCoverage(
      parsed,
      errors,
      (oid) =>
        [...found.values()]
          .filter((f) => f.candidate.table.oid === oid)
          .map((f) => indexName(f.candidate.table.name, f.candidate.columns)),
      () => (options.hypopg ? undefined : 'no index suggested by the statistics heuristic'),
      options,
    ),
  };
}

/** Dexter drops a single-column suggestion that a suggested two-column index starts with. */
function mergeCoveredSingles(
  found: Map<string, { candidate: IndexCandidate; statements: StatementEvidence[] }>,
): void {
  for (const [key, entry] of found) {
    if (entry.candidate.columns.length !== 1) continue;
    const cover = [...found.values()].find(
      (other) =>
        other.candidate.table.oid === entry.candidate.table.oid &&
        other.candidate.columns.length > 1 &&
        other.candidate.columns[0] === entry.candidate.columns[0],
    );
    if (!cover) continue;
    cover.statements.push(
      ...entry.statements.filter((s) => !cover.statements.some((c) => c.queryid === s.queryid)),
    );
    found.delete(key);
  }
}

function evidenceOf(stats: StatementStats, costBefore: number, costAfter: number): StatementEvidence {
  return {
    queryid: stats.queryid,
    query: stats.query,
    calls: stats.calls,
    meanExecMs: round(stats.meanExecMs),
    costBefore: round(costBefore),
    costAfter: round(costAfter),
  };
}

function indexRecommendation(
  candidate: IndexCandidate,
  statements: StatementEvidence[],
  verified: boolean,
  totalMs: number,
): Recommendation {
  const { table, columns } = candidate;
  const name = indexName(table.name, columns);
  const before = Math.max(...statements.map((s) => s.costBefore));
  const after = Math.max(...statements.map((s) => s.costAfter));
  const reduction = before > 0 ? 1 - after / before : 0;
  const ms = statements.reduce((sum, s) => sum + s.calls * s.meanExecMs, 0);
  const share = totalMs > 0 ? ms / totalMs : 0;
  const unit = verified ? 'planner cost' : 'estimated rows';
  return {
    id: recommendationId('missing-index', `${table.schema}.${table.name}(${columns.join(',')})`),
    kind: 'missing-index',
    severity: !verified ? 'info' : share >= 0.2 ? 'critical' : 'warning',
    title:
      `Add index on ${table.name} (${columns.join(', ')}): ${unit} ${Math.round(before)} → ${Math.round(after)} ` +
      `(−${Math.floor(reduction * 100)}%) for ${statements.length} statement(s)${verified ? '' : ' [unverified heuristic]'}`,
    target: { schema: table.schema, table: table.name, index: name, columns },
    evidence: [
      { label: verified ? 'planner cost before (hypopg)' : 'estimated rows before', value: round(before) },
      { label: verified ? 'planner cost after (hypopg)' : 'estimated rows after', value: round(after) },
      { label: 'cost reduction', value: round(reduction), threshold: verified ? 0.5 : undefined },
      { label: 'share of execution time', value: round(share) },
      { label: 'table rows', value: table.rows },
      { label: 'table size', value: table.sizeBytes, unit: 'bytes' },
    ],
    statements,
    expectedEffect: verified
      ? `The planner's cost for ${statements.length} statement(s) drops by ${Math.floor(reduction * 100)}% with this index (checked with a hypothetical index); they took ${Math.round(ms)} ms in total so far. The index takes about ${formatBytes(writeOverhead(candidate).estimatedSizeBytes)}.`
      : `Statistics suggest the index leaves ${Math.round(after)} of ${Math.round(before)} rows to read; install hypopg to have the planner confirm it.`,
    writeOverhead: writeOverhead(candidate),
    verified,
    applySql: createIndexConcurrentlySql({ schema: table.schema, table: table.name, columns, name }),
    rollbackSql: dropIndexConcurrentlySql(table.schema, name),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
