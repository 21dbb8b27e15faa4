// Issue 17: every promtool unit-test scenario (tests/*.test.yml) replayed on vmalert over its input series
// imported into VictoriaMetrics; the alerts firing at each eval_time must be the ones promtool expects.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { startVictoriaMetrics, type VictoriaMetricsInstance } from '@perflens/test-harness';
import { promtoolTestPaths } from '../../src/rule-files/rule-file-paths';
import { replayInLayers } from './layered-replay';
import { importText, loadPromtoolFile, type PromtoolCase } from './promtool-case';

/**
 * Scenarios sit 40 days apart (longer than the SLO rules' 30-day window), so no rule of one scenario
 * sees another's series, and one store holds them all.
 */
const SPACING_MS = 40 * 86_400_000;

interface Scenario {
  file: string;
  testCase: PromtoolCase;
  ruleFileTexts: string[];
  evaluationInterval: string;
  startMs: number;
}

const alignedNow = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const scenarios: Scenario[] = promtoolTestPaths()
  .flatMap((file) => {
    const promtoolFile = loadPromtoolFile(file);
    return promtoolFile.cases.map((testCase) => ({
      file: path.basename(file),
      testCase,
      ruleFileTexts: promtoolFile.ruleFiles.map((ruleFile) => readFileSync(ruleFile, 'utf8')),
      evaluationInterval: promtoolFile.evaluationInterval,
    }));
  })
  .map((scenario, index) => ({ ...scenario, startMs: alignedNow - (index + 1) * SPACING_MS }));

describe('promtool scenarios replayed on vmalert', () => {
  let store: VictoriaMetricsInstance;

  beforeAll(async () => {
    // Replays write history into the past that a cached range might hide; a test store skips the cache.
    store = await startVictoriaMetrics({ retentionPeriod: '10y', extraArgs: ['-search.disableCache'] });
    await store.importPrometheusText(
      scenarios.map((scenario) => importText(scenario.testCase, scenario.startMs)).join(''),
    );
  });

  afterAll(async () => {
    await store?.stop();
  });

  it.each(scenarios.map((scenario) => [scenario.file, scenario.testCase.name, scenario] as const))(
    '%s: %s',
    async (_file, _name, { testCase, ruleFileTexts, evaluationInterval, startMs }) => {
      const lastEval = Math.max(
        ...[...testCase.alertRuleTest, ...testCase.promqlExprTest].map((check) => check.evalSeconds),
      );
      await replayInLayers({
        ruleFileTexts,
        storeUrl: store.url,
        from: new Date(startMs),
        to: new Date(startMs + lastEval * 1000),
        evaluationInterval,
        flush: () => store.flush(),
      });
      const got: Check[] = [];
      const expected: Check[] = [];
      for (const check of testCase.alertRuleTest) {
        // Only samples written by the evaluation at exactly this step (not one still in the lookback window).
        const firing = await store.query(
          `last_over_time(ALERTS{alertname="${check.alertname}",alertstate="firing"}[${testCase.intervalSeconds - 1}s])`,
          new Date(startMs + check.evalSeconds * 1000),
        );
        const at = `${check.evalSeconds / 60}m`;
        got.push({
          at,
          check: check.alertname,
          result: sortLabels(firing.map((s) => alertLabels(s.metric))),
        });
        expected.push({ at, check: check.alertname, result: sortLabels(check.expLabels) });
      }
      for (const check of testCase.promqlExprTest) {
        const samples = await store.query(check.expr, new Date(startMs + check.evalSeconds * 1000));
        const at = `${check.evalSeconds / 60}m`;
        got.push({
          at,
          check: check.expr,
          result: sortLabels(samples.map((s) => ({ ...s.metric, value: rounded(Number(s.value[1])) }))),
        });
        const promtoolSamples = check.expSamples.map((s) => ({ ...s.labels, value: rounded(s.value) }));
        const difference = METRICSQL_DIFFERENCES.find((candidate) => candidate.applies(check.expr));
        if (difference) differencesSeen.add(difference.name);
        expected.push({
          at,
          check: check.expr,
          result: sortLabels(difference ? difference.answer(check.expr, promtoolSamples) : promtoolSamples),
        });
      }
      expect(got).toEqual(expected);
    },
  );

  it('every documented MetricsQL difference showed in some scenario (the list is not stale)', () => {
    expect([...differencesSeen].sort()).toEqual(
      METRICSQL_DIFFERENCES.map((difference) => difference.name).sort(),
    );
  });
});

/**
 * Where VictoriaMetrics answers a promtool expression differently from Prometheus, and the exact answer it
 * gives instead; docs/scaling.md lists the same. Only promql_expr_test checks differ: every alert_rule_test
 * check fires exactly as in promtool.
 */
const METRICSQL_DIFFERENCES: {
  name: string;
  applies: (expr: string) => boolean;
  answer: (expr: string, promtool: Record<string, string>[]) => Record<string, string>[];
}[] = [
  {
    // PromQL's round() drops the metric name; MetricsQL's keeps it (so do its ceil and clamp_min).
    name: 'round() keeps the metric name',
    applies: (expr) => /^round\([a-zA-Z_:][a-zA-Z0-9_:]*\{[^}]*\}, [\d.]+\)$/.test(expr),
    answer: (expr, promtool) =>
      promtool.map((sample) => ({
        __name__: /^round\(([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(expr)?.[1] ?? '',
        ...sample,
      })),
  },
  {
    // A 0/0 ratio is a NaN sample in Prometheus (which `x != x` finds); VictoriaMetrics returns no NaN,
    // so an idle window's ratio has no sample at all and the count is empty.
    name: 'a NaN ratio is no sample',
    applies: (expr) => /^count\((.+) != \1\)$/.test(expr),
    answer: () => [],
  },
];
const differencesSeen = new Set<string>();

interface Check {
  at: string;
  /** The alert's name, or the PromQL expression. */
  check: string;
  result: string[];
}

/** promtool compares values with a small relative tolerance: 9 significant digits. */
function rounded(value: number): string {
  return Number.isNaN(value) ? 'NaN' : String(Number(value.toPrecision(9)));
}

/**
 * An ALERTS series' labels as promtool's exp_labels spell them: without the name, alertname and state, and
 * without `alertgroup`, the group's name, which vmalert adds to every alert and Prometheus does not.
 */
function alertLabels(metric: Record<string, string>): Record<string, string> {
  const notLabels = new Set(['__name__', 'alertname', 'alertstate', 'alertgroup']);
  return Object.fromEntries(Object.entries(metric).filter(([key]) => !notLabels.has(key)));
}

function sortLabels(list: Record<string, string>[]): string[] {
  return list.map((labels) => JSON.stringify(Object.entries(labels).sort())).sort();
}
