import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildFindings } from '../build-findings';
import { CHECK_CATALOGUE, runChecks } from '../checks/check-catalogue';
import { DEMO_SLOS, missingIndexEvidence, thresholds } from '../../test/fixtures/in-memory-evidence';
import type { AnalysisReport } from './analysis-report';
import { formatJson } from './format-json';
import { formatJunit } from './format-junit';
import { formatMarkdown } from './format-markdown';
import { formatTable } from './format-table';

/** A fixed report (the missing-index chain on in-memory evidence) with fixed query statistics. */
function missingIndexReport(): AnalysisReport {
  const evidence = missingIndexEvidence(4000);
  return {
    scope: { job: 'demo-api', endSeconds: 1_704_067_200, rangeSeconds: 1800, databases: ['shop'] },
    resolvedScope: {
      job: 'demo-api',
      instances: ['api-1:3000'],
      slo: {
        file: 'alert-rules/slo.yaml',
        applied: true,
        note: 'alert-rules/slo.yaml (--slo; its service with job "demo-api")',
      },
      databases: {
        names: ['shop'],
        source: 'labels',
        note: 'shop (the databases whose statements the job runs)',
      },
      hosts: {
        source: 'all',
        note: 'every host in Prometheus: none has node metrics; set --hosts or scope.hosts',
      },
      rumExporters: {
        source: 'all',
        note: 'every exporter in Prometheus: no exporter has real-user or asset series; set --rum-exporters or scope.rumExporters',
      },
      warnings: [],
    },
    findings: buildFindings(runChecks(evidence, thresholds({}, DEMO_SLOS)), evidence),
    checks: CHECK_CATALOGUE.filter((c) => c.layer !== 'load-test').map((c) => c.id),
    skippedLayers: [],
    stats: { queryCount: 42, queryDurationSeconds: 0.84, wallSeconds: 0.21 },
  };
}

// Golden files (*.golden, so formatters such as prettier leave them byte-exact): UPDATE_GOLDEN=1 npx jest analysis/src/report rewrites them; review the diff before committing.
function expectGolden(name: string, actual: string): void {
  const file = path.join(__dirname, 'testdata', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('report formatters', () => {
  const report = missingIndexReport();

  it.each([
    ['the terminal table', 'missing-index.table.golden', () => formatTable(report)],
    ['Markdown for CI job summaries', 'missing-index.markdown.golden', () => formatMarkdown(report)],
    ['JSON for tools', 'missing-index.json.golden', () => formatJson(report)],
    [
      'JUnit with warnings as failures',
      'missing-index.junit-warning.golden',
      () => formatJunit(report, 'warning'),
    ],
    [
      'JUnit with only critical findings as failures',
      'missing-index.junit-critical.golden',
      () => formatJunit(report, 'critical'),
    ],
  ])('writes %s', (_title, golden, format) => {
    expectGolden(golden, format());
  });

  it('says so when there is nothing to report', () => {
    const empty = { ...report, findings: [], resolvedScope: undefined };
    expect(formatTable(empty)).toBe(
      `demo-api, 30m up to 2024-01-01T00:00:00Z: 0 findings (0 critical, 0 warning, 0 info) from ${report.checks.length} checks\n\nNo findings.\n\n42 Prometheus queries, 840 ms of query time, 210 ms wall time\n`,
    );
  });

  it('warns in every format when the job has no series', () => {
    const warning = 'job "nosuchjob" has no series in the 30m up to 2024-01-01T00:00:00Z';
    const noSeries: AnalysisReport = {
      ...report,
      findings: [],
      resolvedScope: {
        job: 'nosuchjob',
        instances: [],
        databases: { names: [], source: 'none', note: 'none: job "nosuchjob" has no series' },
        hosts: { names: [], source: 'none', note: 'none: job "nosuchjob" has no series' },
        rumExporters: { names: [], source: 'none', note: 'none: job "nosuchjob" has no series' },
        warnings: [warning],
      },
    };
    expect(formatTable(noSeries)).toContain(
      `Scope:\n  job: nosuchjob (no series in the range)\n  databases: none: job "nosuchjob" has no series\n  hosts: none: job "nosuchjob" has no series\n  RUM exporters: none: job "nosuchjob" has no series\nWarning: ${warning}\n`,
    );
    expect(formatMarkdown(noSeries)).toContain(`> **Warning:** ${warning}\n`);
    expect(formatJunit(noSeries, 'critical')).toContain(
      `<testcase classname="perflens.scope" name="the job has series in the range" time="0">\n      <failure message="${warning.replace(/"/g, '&quot;')}" type="scope">`,
    );
    expect(JSON.parse(formatJson(noSeries)).resolvedScope.warnings).toEqual([warning]);
  });
});
