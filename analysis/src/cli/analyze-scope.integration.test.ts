import {
  healthyProfile,
  JOB,
  OpenMetricsWriter,
  useBackfilledPrometheus,
  writeServiceProfile,
} from '@perflens/test-harness';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAnalyzeProcess } from '../../test/cli/analyze-process';
import type { AnalysisReport } from '../report/analysis-report';
import { runAnalyze } from './analyze-command';
import type { AnalyzeFlags } from './analyze-options';

/**
 * `perflens analyze` says what it ran on and reads only that, on a Prometheus shared with another service:
 * the synthetic demo-api (instance api-1:3000, database shop reported by the exporter on db-host) and, beside
 * it, another service's database `ledger` (its own exporter on ledger-db) with a statement that would dominate
 * any report, on a busy host ledger-db. The service's statements are tied to shop by their normalized text,
 * as the instrumentation and the exporter export it; its hosts are its own (api-1) and its database's (db-host).
 */
const SLO_FILE = path.join(__dirname, '..', '..', '..', 'alert-rules', 'slo.yaml');
const START = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const WINDOW: [number, number] = [START, START + 2400];
const TEXT_SHOP = 'SELECT id, total FROM orders WHERE customer_id = $1';
const TEXT_LEDGER = 'SELECT pg_sleep($1)';

function writeNode(w: OpenMetricsWriter, instance: string, cpuBusy: number): void {
  const node = { job: 'node', instance };
  for (const cpu of ['0', '1']) {
    w.counter('node_cpu_seconds', { ...node, cpu, mode: 'idle' }, WINDOW, 1 - cpuBusy);
    w.counter('node_cpu_seconds', { ...node, cpu, mode: 'user' }, WINDOW, cpuBusy);
  }
  w.gauge('node_memory_MemTotal_bytes', node, WINDOW, 8e9);
  w.gauge('node_memory_MemAvailable_bytes', node, WINDOW, 5e9);
}

/** Page views of one page, all with an LCP of 6 s (poor), as an exporter's /rum records them. */
function writePoorPage(w: OpenMetricsWriter, instance: string, page: string): void {
  const labels = { job: 'perflens-exporter', instance, page, device_class: 'desktop' };
  const beacons = { buckets: [1, 2.5, 4, 10], ratePerSecond: 2, meanValue: 6 };
  w.histogram('perflens_web_vitals_lcp_seconds', labels, WINDOW, {
    ...beacons,
    cumulativeShare: (le) => (le >= 10 ? 1 : 0),
  });
  w.histogram('perflens_web_vitals_ttfb_seconds', labels, WINDOW, {
    ...beacons,
    meanValue: 0.1,
    cumulativeShare: () => 1,
  });
}

function writeSharedPrometheus(w: OpenMetricsWriter): void {
  writeServiceProfile(w, WINDOW, healthyProfile());
  const shop = { job: 'perflens-exporter', instance: 'db-host:9464', datname: 'shop' };
  w.gauge(
    'perflens_db_statement_info',
    { job: JOB, instance: 'api-1:3000', db_statement_fingerprint: 'f1', db_query_text: TEXT_SHOP },
    WINDOW,
    1,
  );
  w.gauge('pg_up', shop, WINDOW, 1);
  w.gauge('perflens_pg_statement_info', { ...shop, queryid: '1001', query: TEXT_SHOP }, WINDOW, 1);
  const ledger = { job: 'perflens-exporter', instance: 'ledger-db:9464', datname: 'ledger' };
  w.gauge('pg_up', ledger, WINDOW, 1);
  w.gauge('perflens_pg_statement_info', { ...ledger, queryid: '9001', query: TEXT_LEDGER }, WINDOW, 1);
  w.counter('pg_stat_statements_calls', { ...ledger, queryid: '9001' }, WINDOW, 5);
  w.counter('pg_stat_statements_seconds', { ...ledger, queryid: '9001' }, WINDOW, 2);
  writeNode(w, 'api-1:9100', 0.2);
  writeNode(w, 'ledger-db:9100', 0.97); // busy with the other service
  // The service's pages beacon to the exporter beside it; the other service's site to its own exporter.
  writePoorPage(w, 'api-1:9464', '/shop');
  writePoorPage(w, 'ledger-web:9464', '/ledger');
}

const range = ['--from', String(WINDOW[1] - 1800), '--to', String(WINDOW[1])];

describe('perflens analyze: an explicit scope on a shared Prometheus', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'perflens-scope-'));
  });
  const prometheus = useBackfilledPrometheus((writer) => writeSharedPrometheus(writer));
  const url = () => prometheus().url;

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function analyzeJson(flags: Partial<AnalyzeFlags>) {
    let output = '';
    let warnings = '';
    const outcome = await runAnalyze(
      {
        prometheus: url(),
        job: JOB,
        slo: SLO_FILE,
        format: 'json',
        failOn: 'never',
        ...flags,
        from: range[1],
        to: range[3],
      },
      (text) => (output += text),
      undefined,
      (text) => (warnings += text),
    );
    return { outcome, warnings, report: JSON.parse(output) as AnalysisReport };
  }
  const targets = (report: AnalysisReport, label: string) =>
    [...new Set(report.findings.map((f) => f.target[label]).filter((v) => v !== undefined))].sort();

  it("reads only the job's database and host, mapped from its labels, and says so", async () => {
    const { outcome, warnings, report } = await analyzeJson({});
    expect(outcome).toEqual({ exitCode: 0 });
    expect(warnings).toBe('');
    const scope = report.resolvedScope;
    expect(scope).toMatchObject({
      job: JOB,
      instances: ['api-1:3000'],
      databases: { names: ['shop'], source: 'labels' },
      hosts: { names: ['api-1:9100', 'db-host:9464'], source: 'labels' },
      rumExporters: {
        names: ['api-1:9464'],
        source: 'labels',
        note: "api-1:9464 (the exporters on the job's hosts: api-1)",
      },
      slo: { file: SLO_FILE, applied: true },
      warnings: [],
    });
    expect(targets(report, 'datname')).not.toContain('ledger');
    expect(report.findings.filter((f) => f.layer === 'host')).toEqual([]);
    expect(targets(report, 'page')).toEqual(['/shop']);
  }, 30_000);

  it('reads the RUM exporters --rum-exporters names instead', async () => {
    const { report } = await analyzeJson({ rumExporters: 'ledger-web' });
    expect(report.resolvedScope?.rumExporters).toEqual({
      names: ['ledger-web'],
      source: 'configured',
      note: 'ledger-web (--rum-exporters)',
    });
    expect(targets(report, 'page')).toEqual(['/ledger']);
  }, 30_000);

  it('reads what --databases and --hosts name instead: the other service’s statement and busy host appear', async () => {
    const { report } = await analyzeJson({ databases: 'shop,ledger', hosts: 'ledger-db' });
    expect(report.resolvedScope).toMatchObject({
      databases: { names: ['shop', 'ledger'], source: 'configured', note: 'shop, ledger (--databases)' },
      hosts: { names: ['ledger-db'], source: 'configured' },
    });
    expect(targets(report, 'datname')).toContain('ledger');
    expect(targets(report, 'instance')).toContain('ledger-db:9100');
  }, 30_000);

  it('reads the scope from the config file, and names the file and field of a bad one', async () => {
    const good = path.join(dir, 'scope.json');
    writeFileSync(
      good,
      JSON.stringify({ scope: { databases: ['ledger'] }, api: { minRequestsPerSecond: 0.5 } }),
    );
    const { report } = await analyzeJson({ config: good });
    expect(report.resolvedScope?.databases).toMatchObject({
      names: ['ledger'],
      source: 'configured',
      note: `ledger (${good} scope.databases)`,
    });
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ scope: { databases: 'ledger' } }));
    const result = await runAnalyze(
      { prometheus: url(), job: JOB, format: 'json', failOn: 'never', config: bad },
      () => undefined,
    );
    expect(result).toEqual({
      exitCode: 2,
      message: `${bad}: scope.databases: must be a non-empty array of names`,
    });
  }, 30_000);

  it('warns, reads no database or host, and exits 2 under --fail-on when the job has no series', async () => {
    const { outcome, warnings, report } = await analyzeJson({
      job: 'nosuchjob',
      failOn: 'critical',
      slo: undefined,
    });
    const warning = `job "nosuchjob" has no series in the 30m up to 2023-11-15T00:40:00Z: check --job and the time range`;
    expect(outcome).toEqual({
      exitCode: 2,
      message: '--fail-on critical cannot pass: job "nosuchjob" has nothing to judge (see the warning above)',
    });
    expect(warnings).toBe(`perflens analyze: warning: ${warning}\n`);
    expect(report.resolvedScope).toMatchObject({
      instances: [],
      databases: { names: [], source: 'none' },
      hosts: { names: [], source: 'none' },
      rumExporters: { names: [], source: 'none' },
      warnings: [warning],
    });
    expect(report.findings).toEqual([]);
  }, 30_000);

  it.each([
    [
      'table',
      [
        'Scope:',
        '  job: demo-api (1 instance: api-1:3000)',
        '  databases: shop (the databases whose statements',
      ],
    ],
    [
      'markdown',
      [
        '- **job:** demo-api (1 instance: api-1:3000)',
        '- **databases:** shop (',
        "- **hosts:** api-1:9100, db-host:9464 (node metrics on the job's hosts: api-1; its databases' hosts: db-host)",
      ],
    ],
    [
      'junit',
      [
        '<property name="scope.job" value="demo-api (1 instance: api-1:3000)"/>',
        '<property name="scope.SLO file" value="',
      ],
    ],
  ])(
    'the %s format says what the analysis ran on',
    async (format, expected) => {
      let output = '';
      await runAnalyze(
        { prometheus: url(), job: JOB, slo: SLO_FILE, format, failOn: 'never', from: range[1], to: range[3] },
        (text) => (output += text),
      );
      for (const text of expected) expect(output).toContain(text);
    },
    30_000,
  );

  it('refuses an SLO file given with --slo that has no service with the job', async () => {
    const result = await runAnalyze(
      { prometheus: url(), job: 'bookings', slo: SLO_FILE, format: 'json', failOn: 'never' },
      () => undefined,
    );
    expect(result).toEqual({
      exitCode: 2,
      message: `--slo: ${SLO_FILE} has no service with job "bookings" (its services' jobs: demo-api); give the service's own SLO file, or leave --slo out to use the defaults`,
    });
  });

  it('run from the repository for another job without series: the SLO file found there does not apply, and the gate exits 2', async () => {
    const run = await runAnalyzeProcess(['--prometheus', url(), '--job', 'bookings', ...range], 50_000);
    expect(run.stdout).toContain(
      '  SLO file: none applies: alert-rules/slo.yaml (found in the working directory) has no service with job "bookings" (its services\' jobs: demo-api); the defaults of docs/analysis.md (and --config) set the thresholds',
    );
    const warning =
      'job "bookings" has no series in the 30m up to 2023-11-15T00:40:00Z: check --job and the time range';
    expect(run.stderr).toBe(
      `perflens analyze: warning: ${warning}\n` +
        'perflens analyze: --fail-on critical cannot pass: job "bookings" has nothing to judge (see the warning above)\n',
    );
    expect(run.exitCode).toBe(2);
  }, 60_000);
});
