import type { StatementError } from '../indexes/index-advice';
import type { Recommendation } from './recommendation';
import type { StatementStats } from '../statements/statements-source';
import type { RelationScan } from '../statements/generic-plan';

/** A slow statement as the report lists it (PgHero's "slow queries"), with its cache hit ratio. */
export interface SlowStatement extends StatementStats {
  /** shared_blks_hit / (hit + read); 1 when the statement read no blocks. */
  cacheHitRatio: number;
}

/** A part of the report that could not be produced, and why; the other parts are still there. */
export interface SectionError {
  section: string;
  message: string;
}

/** Everything one advisor run found, in the shape the CLI, the HTTP API and the metric share. */
export interface AdvisorReport {
  generatedAt: string;
  database: string;
  serverVersion: string;
  /** Whether index advice was proven with hypopg; false means it is a statistics heuristic. */
  hypopg: boolean;
  pgStatStatements: boolean;
  slowStatements: SlowStatement[];
  recommendations: Recommendation[];
  statementErrors: StatementError[];
  sectionErrors: SectionError[];
  stats: { statementsRead: number; statementsAnalysed: number; explains: number };
  /** The workload pass (indexes/workload-selection.ts); absent without hypopg or pg_stat_statements. */
  workload?: WorkloadSummary;
  /**
   * The relations the real (generic) plan of each planned statement reads, and whether it scans them
   * sequentially: measured, where block counts can only suggest it. Empty without hypopg.
   */
  statementPlans?: StatementPlan[];
}

/** The relations one statement's plan reads (statements/generic-plan.ts). */
export interface StatementPlan {
  queryid: string;
  relations: RelationScan[];
}

/** What the index set chosen for the whole workload achieves, per table, and what it took to find it. */
export interface WorkloadSummary {
  /** EXPLAINs of the workload pass (cost matrix and re-costing), on top of stats.explains. */
  explains: number;
  pairsPlanned: number;
  /** (candidate, statement) pairs not planned: the statement never names the index's first column. */
  pairsPruned: number;
  /** True when maxWhatIfExplains cut the cost matrix short. */
  truncated: boolean;
  /** Wall time of the workload pass. */
  elapsedMs: number;
  tables: {
    schema: string;
    table: string;
    statements: number;
    /** Distinct indexes one index per statement would take (the per-statement pass's choices). */
    perStatementIndexes: number;
    candidates: number;
    indexes: string[];
    savedMs: number;
    /** What the per-statement pass's indexes would save together. */
    perStatementMaxMs: number;
    /** savedMs / perStatementMaxMs. */
    capturedShare: number;
    sizeBytes: number;
    curve: { indexes: number; savedMs: number; share: number }[];
    stoppedBecause: string;
  }[];
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** Sorts recommendations by severity, then kind and title, so reports diff cleanly between runs. */
export function sortRecommendations(recommendations: Recommendation[]): Recommendation[] {
  return recommendations.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.kind.localeCompare(b.kind) ||
      a.title.localeCompare(b.title),
  );
}
