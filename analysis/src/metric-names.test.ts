import { metricCatalogue } from '@perflens/exporter';
import { apiQueries } from './sources/api-evidence';
import { dbClientQueries } from './sources/db-client-evidence';
import { frontendQueries } from './sources/frontend-evidence';
import { hostQueries } from './sources/host-evidence';
import { readLoadTestEvidence } from './sources/load-test-evidence';
import { postgresQueries } from './sources/postgres-evidence';
import type { PrometheusClient } from './sources/prometheus-client';
import { runtimeQueries } from './sources/runtime-evidence';

const SCOPE = { job: 'demo-api', endSeconds: 1_700_000_000, rangeSeconds: 900 };
const PROMQL_WORDS = new Set([
  'histogram_quantile',
  'avg_over_time',
  'max_over_time',
  'min_over_time',
  'last_over_time',
  'count_over_time',
  'sum_over_time',
  'label_replace',
  'group_left',
]);

/** Metric names in a PromQL expression: identifiers left once label lists, matchers and strings are removed. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
    .replace(/\{[^}]*\}/g, '');
  return (stripped.match(/\b[a-zA-Z_][a-zA-Z0-9_]*\b/g) ?? []).filter(
    (word) => word.includes('_') && !PROMQL_WORDS.has(word),
  );
}

/** Every expression a full analysis with a load test sends, recorded from a client that answers one sample. */
async function loadTestExpressions(): Promise<string[]> {
  const sent: string[] = [];
  const recording: PrometheusClient = {
    async query(expr) {
      sent.push(expr);
      // Both edges of the run's window (load-test-window.ts), so every later query is sent too.
      return ['start', 'end'].map((edge) => ({
        labels: { edge, name: 'x', method: 'GET' },
        value: 1_700_000_000,
      }));
    },
  };
  await readLoadTestEvidence(recording, { ...SCOPE, testid: 'run-2', baselineTestid: 'run-1' }, 0.25);
  return sent;
}

describe('metric names the checks query', () => {
  const catalogue = new Map(metricCatalogue.map((m) => [m.name, m]));
  const known = (name: string) => {
    if (catalogue.has(name)) return true;
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return catalogue.get(base)?.type === 'histogram';
  };

  it('exist in @perflens/exporter’s metric catalogue (k6 remote-write names excepted)', async () => {
    const expressions = [
      ...Object.values(apiQueries(SCOPE, [0.25])),
      ...Object.values(runtimeQueries(SCOPE, 0.1)),
      ...Object.values(dbClientQueries(SCOPE)),
      ...Object.values(postgresQueries(SCOPE)),
      ...Object.values(hostQueries(SCOPE)),
      ...Object.values(frontendQueries(SCOPE)),
      ...(await loadTestExpressions()),
    ];
    const names = [...new Set(expressions.flatMap(metricNames))].sort();
    expect(names.length).toBeGreaterThan(40);
    // k6 is not ours: its remote-write output names series k6_<metric>[_<stat>] (shared/reference/k6.md).
    expect(names.filter((name) => !known(name) && !name.startsWith('k6_'))).toEqual([]);
  });

  it('include the k6 series the load-test checks read', async () => {
    const names = new Set((await loadTestExpressions()).flatMap(metricNames));
    expect([...names].filter((n) => n.startsWith('k6_')).sort()).toEqual([
      ...['cls', 'fcp', 'lcp', 'ttfb'].flatMap((v) => [
        `k6_browser_web_vital_${v}_count`,
        `k6_browser_web_vital_${v}_p75`,
      ]),
      'k6_http_req_duration_p95',
      'k6_http_req_failed_rate',
      'k6_http_reqs_total',
    ]);
  });
});
