import type { AnalysisReport, Finding, Layer, Severity } from '@perflens/analysis/engine';
import { DASHBOARD_UIDS, dashboardPath, HTTP_REQUEST_DURATION } from '@perflens/conventions';

/** Findings and reports for component tests, shaped as the engine produces them. */
export function exampleFinding(overrides: Partial<Finding> & { id: string }): Finding {
  return {
    check: 'api.route-slower-than-slo',
    layer: 'api' as Layer,
    target: { job: 'demo-api', http_request_method: 'GET', http_route: '/api/products' },
    severity: 'critical' as Severity,
    impact: { score: 12.5, explanation: '12.5% of all requests were requests to this route slower than 250 ms.' },
    title: 'GET /api/products: 25% of requests slower than 250 ms (SLO allows 1%)',
    evidence: [
      {
        label: 'share of requests within 250 ms',
        query: `sum by (http_route) (rate(${HTTP_REQUEST_DURATION}_bucket{le="0.25"}[30m]))`,
        value: 0.75,
        unit: 'ratio',
        threshold: 0.99,
        thresholdSource: 'slo:demo-api-latency',
      },
    ],
    recommendations: [
      {
        action: 'Add the missing index on orders(customer_id)',
        expectedEffect: 'Index scans instead of reading 200,000 rows per call.',
        effort: 'low',
        sql: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
        rollbackSql: 'DROP INDEX CONCURRENTLY orders_customer_id_idx;',
      },
    ],
    links: {
      runbook: 'https://example.test/docs/analysis.md#apiroute-slower-than-slo',
      dashboard: dashboardPath(DASHBOARD_UIDS.api),
    },
    causedBy: [],
    ...overrides,
  };
}

export function exampleReport(findings: Finding[], overrides: Partial<AnalysisReport> = {}): AnalysisReport {
  return {
    scope: { job: 'demo-api', endSeconds: 1_700_000_000, rangeSeconds: 1800 },
    findings,
    checks: ['api.route-slower-than-slo'],
    skippedLayers: [],
    stats: { queryCount: 46, queryDurationSeconds: 0.4, wallSeconds: 0.2 },
    ...overrides,
  };
}

/** `count` findings with descending scores across layers and severities, as a busy service would show. */
export function manyFindings(count: number): Finding[] {
  const layers: Layer[] = ['api', 'postgres', 'runtime', 'db-client', 'host', 'frontend'];
  const severities: Severity[] = ['critical', 'warning', 'info'];
  return Array.from({ length: count }, (_, index) =>
    exampleFinding({
      id: `api.route-slower-than-slo/http_route=/api/r${index}`,
      layer: layers[index % layers.length],
      severity: severities[index % severities.length],
      title: `Finding number ${index}`,
      impact: { score: count - index, explanation: `score ${count - index}` },
    })
  );
}
