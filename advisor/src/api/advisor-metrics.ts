import { Gauge, type Registry } from 'prom-client';
import {
  ADVISOR_RECOMMENDATIONS,
  ADVISOR_REPORT_TIMESTAMP,
  type MetricDefinition,
  PG_STATEMENT_PLAN_SEQ_SCANS,
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
  {
    name: PG_STATEMENT_PLAN_SEQ_SCANS,
    type: 'gauge',
    help: 'Sequential scans of the relation in the generic plan of the statement, as the last advisor run planned it (0: read through indexes only).',
    labels: ['datname', 'queryid', 'schemaname', 'relname'],
    producer: 'exporter/advisor',
  },
];

/**
 * At most this many plan series: the advisor plans at most maxStatements statements, and a plan that reads
 * dozens of relations is cut, so a report can never flood the scrape.
 */
export const MAX_PLAN_SERIES = 1_000;

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
  new Gauge({
    name: PG_STATEMENT_PLAN_SEQ_SCANS,
    help: advisorMetricDefinitions[2]!.help,
    labelNames: ['datname', 'queryid', 'schemaname', 'relname'],
    registers: [registry],
    collect() {
      this.reset();
      const report = options.latestReport();
      let left = MAX_PLAN_SERIES;
      for (const plan of report?.statementPlans ?? []) {
        for (const relation of plan.relations) {
          if (left-- <= 0) return;
          this.set(
            {
              datname: report!.database,
              queryid: plan.queryid,
              schemaname: relation.schema,
              relname: relation.table,
            },
            relation.seqScans,
          );
        }
      }
    },
  });
}
