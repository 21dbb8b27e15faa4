import { Gauge, type Registry } from 'prom-client';
import {
  ADVISOR_RECOMMENDATIONS,
  ADVISOR_REPORT_TIMESTAMP,
  type MetricDefinition,
} from '@perflens/conventions';
import type { AdvisorReport } from '../report/advisor-report';
import { RECOMMENDATION_KINDS, SEVERITIES } from '../report/recommendation';

/** The advisor's metrics, for the catalogue. Kinds and severities are fixed lists: 27 series at most. */
export const advisorMetricDefinitions: readonly MetricDefinition[] = [
  {
    name: ADVISOR_RECOMMENDATIONS,
    type: 'gauge',
    help: 'Open advisor recommendations by kind and severity (0 when none).',
    labels: ['kind', 'severity'],
    producer: 'exporter/advisor',
  },
  {
    name: ADVISOR_REPORT_TIMESTAMP,
    type: 'gauge',
    help: 'When the advisor report behind perflens_advisor_recommendations was produced, in unixtime (0 before the first).',
    labels: [],
    producer: 'exporter/advisor',
  },
];

/**
 * Registers the advisor's gauges on `registry`, read at scrape time from `latestReport` (the service's
 * cached report; reading it never runs the advisor inside a scrape). Every kind and severity is emitted,
 * zeros included, so an alert can compare with 0 and a fixed recommendation disappears from dashboards.
 * Without a report yet nothing is emitted rather than a misleading 0.
 */
export function registerAdvisorMetrics(
  registry: Registry,
  options: { latestReport: () => AdvisorReport | undefined },
): void {
  new Gauge({
    name: ADVISOR_RECOMMENDATIONS,
    help: advisorMetricDefinitions[0]!.help,
    labelNames: ['kind', 'severity'],
    registers: [registry],
    collect() {
      this.reset();
      const report = options.latestReport();
      if (!report) return;
      for (const kind of RECOMMENDATION_KINDS) {
        for (const severity of SEVERITIES) {
          const count = report.recommendations.filter(
            (r) => r.kind === kind && r.severity === severity,
          ).length;
          this.set({ kind, severity }, count);
        }
      }
    },
  });
  new Gauge({
    name: ADVISOR_REPORT_TIMESTAMP,
    help: advisorMetricDefinitions[1]!.help,
    registers: [registry],
    collect() {
      this.reset();
      const report = options.latestReport();
      if (report) this.set(Date.parse(report.generatedAt) / 1000);
    },
  });
}
