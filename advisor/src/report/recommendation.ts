import { createHash } from 'node:crypto';

/** What a recommendation is about; one metric series per kind and severity (advisor-metrics.ts). */
export const RECOMMENDATION_KINDS = [
  'missing-index',
  'unused-index',
  'duplicate-index',
  'invalid-index',
  'seq-scan-heavy-table',
  'table-bloat',
  'low-cache-hit-ratio',
  'connections-near-limit',
  'idle-in-transaction',
] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One measured fact behind a recommendation, with its unit and the threshold it crossed. */
export interface Evidence {
  label: string;
  value: number | string;
  unit?: string;
  threshold?: number;
}

/** A statement whose plan a hypothetical index changes, with the planner's costs (arbitrary units). */
export interface StatementEvidence {
  queryid: string;
  query: string;
  calls: number;
  meanExecMs: number;
  costBefore: number;
  costAfter: number;
  /** Execution time the recommended index saves on this statement (workload selection), in ms. */
  savedMs?: number;
}

/**
 * Estimated cost of maintaining a new index on writes, after pganalyze's "Index Write Overhead": the
 * index entry (8-byte tuple header plus the indexed columns' average width) relative to the row.
 */
export interface WriteOverhead {
  indexEntryBytes: number;
  rowBytes: number;
  /** indexEntryBytes / rowBytes: extra bytes written per row insert or non-HOT update. */
  ratio: number;
  estimatedSizeBytes: number;
  /** Inserts + updates + deletes since the statistics were reset: how often the index would be maintained. */
  writesSinceStatsReset: number;
}

/** A recommendation as the report, the API and the metric carry it. */
export interface Recommendation {
  /** Stable across runs for the same advice: kind plus a hash of its target and SQL. */
  id: string;
  kind: RecommendationKind;
  severity: Severity;
  title: string;
  target: {
    schema?: string;
    table?: string;
    index?: string;
    columns?: string[];
    /** INCLUDE columns of a recommended index. */
    include?: string[];
    /** The predicate of a recommended partial index. */
    where?: string;
  };
  evidence: Evidence[];
  statements?: StatementEvidence[];
  /** For a seq-scan-heavy table: the analysed statements that read it (index advice for them is linked in expectedEffect). */
  readers?: { queryid: string; query: string; calls: number; meanExecMs: number; totalExecMs: number }[];
  expectedEffect: string;
  writeOverhead?: WriteOverhead;
  /** False when the advice comes from heuristics rather than a hypopg-checked plan. */
  verified: boolean;
  /** SQL to apply; absent for advice that is configuration or operations work. */
  applySql?: string;
  rollbackSql?: string;
}

/** A stable id: the same target and SQL give the same id in every run (and in the URL of apply). */
export function recommendationId(kind: RecommendationKind, key: string): string {
  return `${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
