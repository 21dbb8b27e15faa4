import type { Effort, RecommendationSpec } from './recommendation-spec';

export type { Effort } from './recommendation-spec';

/** The layers a finding can belong to, from the user's browser down to the host. */
export const LAYERS = ['frontend', 'api', 'runtime', 'db-client', 'postgres', 'host', 'load-test'] as const;
export type Layer = (typeof LAYERS)[number];

/** Most severe first; `--fail-on` compares against this order. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Units evidence values are reported in (suffixes as the metric names use them). */
export type EvidenceUnit =
  | 'seconds'
  | 'bytes'
  | 'ratio'
  | 'requests_per_second'
  | 'queries_per_request'
  | 'per_second'
  | 'count'
  | 'score';

/** One measured number behind a finding: the query that produced it and the threshold it crossed. */
export interface Evidence {
  /** What the number is, e.g. "p95 latency". */
  label: string;
  /**
   * The PromQL expression that returned it: the batched query, whose series for the target labels is the value,
   * or, where the batched query cannot show the value alone (a slow route's share beyond its threshold), a query
   * of the target alone that returns exactly that value as one series.
   */
  query: string;
  value: number;
  unit: EvidenceUnit;
  threshold?: number;
  /** Where the threshold came from: `slo:<id>`, `config` or `default`. */
  thresholdSource?: string;
}

/**
 * What to do about a finding, as the report and the plugin show it: rendered once from its
 * {@link RecommendationSpec} by recommend/render-recommendation.ts.
 */
export interface Recommendation {
  action: string;
  expectedEffect: string;
  effort: Effort;
  /** Ready-to-run SQL where the fix or the next diagnostic step is SQL. */
  sql?: string;
  /** SQL that undoes `sql`. */
  rollbackSql?: string;
  /** A configuration snippet (pool size, Cache-Control header...). */
  config?: string;
  /**
   * The data it was rendered from (a table and its columns, a statement, a pool size...), for tools that act
   * on it; absent for `guidance`, whose data is the text above.
   */
  spec?: RecommendationSpec;
}

/** An impact score (higher hurts more users more) and the one sentence that explains it. */
export interface Impact {
  score: number;
  explanation: string;
}

/**
 * A finding of the analysis, the contract the report formats and the Grafana plugin read (docs/analysis.md,
 * "Findings", says which stage writes each field): a stable id, its check and layer, the target labels, a
 * severity, an impact score with its explanation, a title with numbers, the evidence behind it, the findings
 * that cause it, recommendations, and links to the runbook and the layer's dashboard.
 */
export interface Finding {
  /** Stable across runs for the same check and target: `<check>/<label>=<value>,...`. */
  id: string;
  check: string;
  layer: Layer;
  target: Readonly<Record<string, string>>;
  severity: Severity;
  impact: Impact;
  title: string;
  evidence: Evidence[];
  recommendations: Recommendation[];
  links: { runbook: string; dashboard: string };
  /** Ids of findings that cause this one (a slow route ← a dominant statement ← a sequential scan). */
  causedBy: string[];
}

/**
 * What a check decides (checks/<layer>/): everything but the fields later stages own. `ownImpact` is the
 * magnitude the check measured, which rank/ turns into the finding's `impact`; recommendations are data,
 * which recommend/ renders.
 */
export interface CheckedFinding {
  id: string;
  check: string;
  layer: Layer;
  target: Readonly<Record<string, string>>;
  severity: Severity;
  ownImpact: Impact;
  title: string;
  evidence: Evidence[];
  recommendations: RecommendationSpec[];
}

/** Index of a severity in {@link SEVERITIES}; lower is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether `severity` is at or above `floor` (critical ≥ warning ≥ info). */
export function atLeast(severity: Severity, floor: Severity): boolean {
  return severityRank(severity) <= severityRank(floor);
}
