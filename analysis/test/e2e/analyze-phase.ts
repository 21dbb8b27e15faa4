import path from 'node:path';
import { analyze } from '../../src/analyze';
import { loadSloInput } from '../../src/cli/slo-input';
import type { Finding } from '../../src/findings/finding';
import type { IndexAdvice } from '../../src/recommend/index-advice';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import {
  resolveThresholds,
  type ResolvedThresholds,
  type ThresholdsConfig,
} from '../../src/thresholds/resolve-thresholds';
import { DEMO_JOB } from './monitoring-stack';

const SLO_FILE = path.resolve(__dirname, '../../../alert-rules/slo.yaml');

/** The thresholds `perflens analyze --slo alert-rules/slo.yaml --config <file>` would resolve. */
export async function demoThresholds(config: ThresholdsConfig): Promise<ResolvedThresholds> {
  const { slos } = await loadSloInput({ slo: SLO_FILE });
  return resolveThresholds({ job: DEMO_JOB, slos, config, configFile: 'e2e test config' });
}

/** A time window in unix seconds, as `--from` and `--to` give it. */
export interface Window {
  fromSeconds: number;
  toSeconds: number;
}

/** One analysis of the demo over `window`, exactly as `perflens analyze --from --to` scopes it. */
export function analyzeWindow(
  prometheusUrl: string,
  window: Window,
  thresholds: ResolvedThresholds,
  indexAdvice: readonly IndexAdvice[] = [],
): Promise<AnalysisReport> {
  return analyze({
    client: createHttpPrometheusClient({ url: prometheusUrl }),
    scope: {
      job: DEMO_JOB,
      endSeconds: window.toSeconds,
      rangeSeconds: window.toSeconds - window.fromSeconds,
    },
    thresholds,
    indexAdvice,
  });
}

/** One line per finding, for failure messages: what the engine saw instead. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.severity} ${f.impact.score} [${f.layer}] ${f.title}`).join('\n');
}
