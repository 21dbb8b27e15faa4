import type { BottleneckName } from '@perflens/demo';
import { useService } from '@perflens/test-harness';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import type { ResolvedThresholds } from '../../src/thresholds/resolve-thresholds';
import { demoThresholds } from '../e2e/analyze-phase';
import { startDemoStack } from '../e2e/demo-stack';
import { driveTraffic } from '../e2e/demo-traffic';
import { E2E_THRESHOLDS } from '../e2e/e2e-thresholds';
import { PHASE_TRAFFIC, runPhase } from '../e2e/phase';
import { agrees, DERIVED_LABEL, describeMismatches, reproduceEvidence } from './reproduce-evidence';

/**
 * The same check on the real thing: the demo e2e stack (analysis/test/e2e: PostgreSQL, the demo in its own
 * process, the exporter, Prometheus scraping every second; seed scale 0.5, so the file stays under a minute:
 * 48 s measured, most of it seeding) with six bottlenecks on at once for one phase,
 * analysed as `perflens analyze --from --to` would; then every evidence query of every finding is evaluated
 * in that Prometheus at the end of the phase's window and must give the finding's value. Here the evidence
 * comes from live scrapes, the instrumentation's per-route statements and the exporter's pg_stat_statements,
 * which the backfilled fixtures do not have.
 */
const ALL_ON: BottleneckName[] = [
  'missing-index',
  'n-plus-one',
  'slow-downstream',
  'pool-exhaustion',
  'large-payload',
  'error-burst',
];

describe('evidence queries on the demo with six bottlenecks on', () => {
  const stack = useService('demo stack', () => startDemoStack({ scale: 0.5, poolMax: 5 }));
  let thresholds: ResolvedThresholds;

  beforeAll(async () => {
    thresholds = await demoThresholds(E2E_THRESHOLDS);
    await driveTraffic(stack().demo.url, stack().sizes, { ...PHASE_TRAFFIC, durationSeconds: 3 });
  }, 60_000);

  it('every evidence query, evaluated at the end of the window, gives the finding’s value', async () => {
    for (const name of ALL_ON) await stack().switchBottleneck(name, true);
    const { report } = await runPhase(stack(), thresholds).finally(async () => {
      for (const name of ALL_ON) await stack().switchBottleneck(name, false);
    });
    expect(report.skippedLayers).toEqual([]);
    // The default scope on real data: the demo's statements, as its instrumentation normalizes them, are the
    // exporter's statements of the shop database (the same normalized text).
    expect(report.resolvedScope?.databases).toMatchObject({ names: ['shop'], source: 'labels' });
    const client = createHttpPrometheusClient({ url: stack().monitoring.prometheus.url });
    const rows = await reproduceEvidence(client, report.findings, report.scope.endSeconds);
    const checked = rows.filter((r) => !DERIVED_LABEL.test(r.label));
    const wrong = checked.filter((r) => r.reproduced === undefined || !agrees(r.value, r.reproduced));
    process.stdout.write(
      `demo, six bottlenecks on: ${report.findings.length} findings (checks: ${[...new Set(report.findings.map((f) => f.check))].sort().join(', ')}), ${rows.length} evidence queries, ${rows.length - checked.length} derived, ${wrong.length} not reproduced\n`,
    );
    expect(describeMismatches(wrong)).toBe('');
    expect(report.findings.length).toBeGreaterThan(5);
  }, 90_000);
});
