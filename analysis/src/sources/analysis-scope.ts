import { promDuration } from '@perflens/conventions';

/** What to analyse: one service (Prometheus `job`) over one time range, optionally one k6 test run. */
export interface AnalysisScope {
  /** Prometheus `job` of the service (the SLO file's `job`). */
  job: string;
  /** End of the analysed range, unix seconds; every query is evaluated at this instant. */
  endSeconds: number;
  /** Length of the analysed range; rates and *_over_time read this window. */
  rangeSeconds: number;
  /** k6 `testid` of a load test to judge (load-test checks run only with it). */
  testid?: string;
  /** k6 `testid` of the run to compare against (regression check). */
  baselineTestid?: string;
  /** How far back load-test series are searched for, default 30 days. */
  loadTestLookbackSeconds?: number;
}

/** The analysed range as a PromQL range, e.g. `15m`. */
export function scopeRange(scope: AnalysisScope): string {
  return promDuration(scope.rangeSeconds);
}
