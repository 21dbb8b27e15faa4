// Issue 17: `perflens analyze --prometheus <VictoriaMetrics URL>` finds what it finds against Prometheus.
// The same OpenMetrics fixture is backfilled into Prometheus (promtool) and imported into VictoriaMetrics
// (/api/v1/import/prometheus); the engine, through the same HTTP client the CLI uses, analyses both.
import {
  backfillTsdb,
  JOB,
  OpenMetricsWriter,
  openMetricsToImportText,
  type PrometheusInstance,
  startBackfilledPrometheus,
  startVictoriaMetrics,
  type VictoriaMetricsInstance,
} from '@perflens/test-harness';
import { analyze } from '../../src/analyze';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import { CHECK_CASES, type CheckCase, writeCase } from '../fixtures/check-cases';
import { DEMO_SLOS, thresholds } from '../fixtures/in-memory-evidence';

// One positive case per layer the engine reads from the store; each in its own slot, as in fixture-checks.
const CHECKS = [
  'api.route-slower-than-slo',
  'api.database-bound-route',
  'runtime.event-loop-saturation',
  'postgres.slow-statements',
];
const CASES: CheckCase[] = CHECKS.map((check) => {
  const found = CHECK_CASES.find((c) => c.check === check && c.kind === 'positive');
  if (!found) throw new Error(`no positive fixture case for ${check}`);
  return found;
});
const ANCHOR_SECONDS = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const SLOT_SECONDS = 3 * 3600;
const WINDOW_SECONDS = 2400;
const RANGE_SECONDS = 1800;
/** Relative difference allowed between the two stores' evidence values (see docs/scaling.md). */
const TOLERANCE = 0.02;

const windowOf = (index: number): [number, number] => {
  const start = ANCHOR_SECONDS + index * SLOT_SECONDS;
  return [start, start + WINDOW_SECONDS];
};

let prometheus: PrometheusInstance | undefined;
let store: VictoriaMetricsInstance | undefined;
let removeBlocks = () => undefined as void;

beforeAll(async () => {
  const writer = new OpenMetricsWriter(15);
  CASES.forEach((c, index) => writeCase(writer, windowOf(index), c));
  const openMetrics = writer.render();
  const backfill = backfillTsdb(openMetrics);
  removeBlocks = backfill.remove;
  // The fixture lies in 2023: both stores keep it only with retention lifted.
  [prometheus, store] = await Promise.all([
    startBackfilledPrometheus(backfill.blocksDir),
    startVictoriaMetrics({ retentionPeriod: '100y', extraArgs: ['-search.disableCache'] }),
  ]);
  await store.importPrometheusText(openMetricsToImportText(openMetrics));
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await store?.stop();
  removeBlocks();
}, 30_000);

function analyzeOn(url: string, index: number): Promise<AnalysisReport> {
  return analyze({
    client: createHttpPrometheusClient({ url }),
    scope: {
      job: JOB,
      endSeconds: windowOf(index)[1],
      rangeSeconds: RANGE_SECONDS,
      loadTestLookbackSeconds: 86_400,
    },
    thresholds: thresholds({}, DEMO_SLOS),
  });
}

/** What must be equal: which check found what target, how severe; evidence values separately. */
function outline(report: AnalysisReport) {
  return report.findings
    .map((f) => ({
      id: f.id,
      check: f.check,
      target: f.target,
      severity: f.severity,
      causedBy: [...f.causedBy].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('the analysis on VictoriaMetrics and on Prometheus', () => {
  it.each(CHECKS.map((check, index) => [check, index] as const))(
    '%s: same findings',
    async (check, index) => {
      const onPrometheus = await analyzeOn((prometheus as PrometheusInstance).url, index);
      const onStore = await analyzeOn((store as VictoriaMetricsInstance).url, index);

      expect(onPrometheus.findings.map((f) => f.check)).toContain(check);
      expect(onStore.skippedLayers).toEqual(onPrometheus.skippedLayers);
      expect(outline(onStore)).toEqual(outline(onPrometheus));
      for (const expected of onPrometheus.findings) {
        const actual = onStore.findings.find((f) => f.id === expected.id);
        expect(actual?.evidence.map((e) => e.label)).toEqual(expected.evidence.map((e) => e.label));
        expected.evidence.forEach((evidence, i) => {
          const value = actual?.evidence[i]?.value as number;
          const scale = Math.max(Math.abs(evidence.value), 1e-9);
          expect({
            finding: expected.id,
            evidence: evidence.label,
            off:
              Math.abs(value - evidence.value) / scale <= TOLERANCE
                ? 'within'
                : `${value} vs ${evidence.value}`,
          }).toEqual({
            finding: expected.id,
            evidence: evidence.label,
            off: 'within',
          });
        });
      }
    },
  );
});
