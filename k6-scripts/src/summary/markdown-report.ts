import { allChecks, thresholdResults, type SummaryData } from './summary-data.ts';

/** Context the report states besides the summary numbers. */
export interface ReportContext {
  testType: string;
  testId: string;
  baseUrl: string;
  /** Markdown sections a test type adds (breakpoint capacity, soak memory growth). */
  sections?: readonly string[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * Short numbers without trailing zeros: 3 decimals from 1 up (1.5, 201.25), 4 significant digits below, so
 * error rates near a 99.99 % objective (0.0001) do not round to 0.
 */
export function formatNumber(value: number): string {
  return String(Math.abs(value) >= 1 ? Number(value.toFixed(3)) : Number(value.toPrecision(4)));
}

function metricValue(data: SummaryData, metric: string, stat: string): string {
  const value = data.metrics[metric]?.values[stat];
  return value === undefined ? '–' : formatNumber(value);
}

/**
 * A Markdown report that reads well as a GitHub job summary ($GITHUB_STEP_SUMMARY): verdict first, then the
 * SLO thresholds with the values they judged, the request totals, and checks that failed.
 */
export function markdownReport(data: SummaryData, context: ReportContext): string {
  const thresholds = thresholdResults(data);
  const checks = allChecks(data.root_group);
  const failedThresholds = thresholds.filter((result) => !result.ok).length;
  const failedChecks = checks.filter(({ check }) => check.fails > 0).length;
  const verdict = failedThresholds === 0 ? '✅ passed' : `❌ ${failedThresholds} threshold(s) failed`;
  const lines = [
    `## k6 ${context.testType} test: ${verdict}`,
    '',
    `Target \`${context.baseUrl}\`, testid \`${context.testId}\`` +
      (data.state?.testRunDurationMs === undefined
        ? '.'
        : `, ran ${formatNumber(data.state.testRunDurationMs / 1000)} s.`),
    '',
    '| Requests | Rate (req/s) | Failed (5xx or no answer) | p95 (ms) | p99 (ms) |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${metricValue(data, 'http_reqs', 'count')} | ${metricValue(data, 'http_reqs', 'rate')} | ` +
      `${metricValue(data, 'http_req_failed', 'rate')} | ${metricValue(data, 'http_req_duration', 'p(95)')} | ` +
      `${metricValue(data, 'http_req_duration', 'p(99)')} |`,
    '',
    '### Thresholds',
    '',
  ];
  if (thresholds.length === 0) lines.push('No thresholds.');
  else {
    lines.push('| Metric | Condition | Value | Result |', '| --- | --- | ---: | --- |');
    for (const result of thresholds) {
      const value = result.value === undefined ? '–' : formatNumber(result.value);
      // A threshold on a metric without samples judged nothing: neither a pass nor a failure.
      const verdict = !result.reached ? 'not reached' : result.ok ? '✅' : '❌';
      lines.push(`| \`${cell(result.metric)}\` | \`${cell(result.expression)}\` | ${value} | ${verdict} |`);
    }
  }
  lines.push('', '### Checks', '');
  if (failedChecks === 0) lines.push(`All ${checks.length} checks passed.`);
  else {
    lines.push('| Check | Failed | Total |', '| --- | ---: | ---: |');
    for (const { check } of checks.filter((entry) => entry.check.fails > 0)) {
      lines.push(`| ${cell(check.name)} | ${check.fails} | ${check.passes + check.fails} |`);
    }
  }
  for (const section of context.sections ?? []) lines.push('', section);
  return `${lines.join('\n')}\n`;
}
