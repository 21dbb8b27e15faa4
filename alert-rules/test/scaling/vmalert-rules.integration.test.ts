// Issue 17: Perflens's rules evaluated by vmalert against VictoriaMetrics instead of by Prometheus. Every rule
// file loads and evaluates; promtool cases replayed over imported history fire the same alerts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PrometheusApi,
  replayRules,
  startAlertmanager,
  startVictoriaMetrics,
  startVmalert,
  type AlertmanagerInstance,
  type VictoriaMetricsInstance,
  type VmalertInstance,
} from '@perflens/test-harness';
import { parse, stringify } from 'yaml';
import { importText, loadPromtoolCase } from './promtool-case';

const root = path.resolve(__dirname, '../..');
const ruleFiles: Record<string, string> = Object.fromEntries([
  ...readdirSync(path.join(root, 'rules'))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => [name, readFileSync(path.join(root, 'rules', name), 'utf8')]),
  ['slo.rules.yml', readFileSync(path.join(root, 'generated', 'slo.rules.yml'), 'utf8')],
]);

/**
 * The last hour, up to now, of a route failing 2% of its 10 requests a second (the SLO file's availability
 * objective allows 0.1%): 15 s samples of the error and success counters.
 */
function liveBurn(): string {
  const endMs = Math.floor(Date.now() / 15_000) * 15_000;
  const series = (status: string) =>
    `http_server_request_duration_seconds_count{job="demo-api",http_request_method="GET",http_route="/api/orders",http_response_status_code="${status}"}`;
  const lines: string[] = [];
  for (let step = 0; step <= 240; step++) {
    const timestamp = endMs - (240 - step) * 15_000;
    lines.push(`${series('500')} ${step * 3} ${timestamp}`, `${series('200')} ${step * 147} ${timestamp}`);
  }
  return `${lines.join('\n')}\n`;
}

interface VmalertRule {
  name: string;
  health?: string;
  lastError?: string;
  /** RFC 3339; Go's zero time (0001-01-01) before the first evaluation. */
  lastEvaluation?: string;
}

describe('Perflens rules on vmalert', () => {
  let store: VictoriaMetricsInstance;
  let alertmanager: AlertmanagerInstance;
  let vmalert: VmalertInstance;

  beforeAll(async () => {
    // Replays write history that earlier queries may have cached; a test store skips the cache.
    store = await startVictoriaMetrics({ extraArgs: ['-search.disableCache'] });
    alertmanager = await startAlertmanager({
      config: { route: { receiver: 'nowhere' }, receivers: [{ name: 'nowhere' }] },
    });
    await store.importPrometheusText(liveBurn());
  });

  afterAll(async () => {
    await vmalert?.stop();
    await alertmanager?.stop();
    await store?.stop();
  });

  it('every rule file loads and every rule evaluates without an error', async () => {
    vmalert = await startVmalert({
      ruleFiles,
      datasourceUrl: store.url,
      remoteWriteUrl: store.url,
      notifierUrls: [alertmanager.url],
      evaluationInterval: '1s',
    });
    const expectedGroups = Object.values(ruleFiles).flatMap(
      (text) => (parse(text) as { groups: { name: string }[] }).groups,
    );
    const api = new PrometheusApi(vmalert.url);
    const deadline = Date.now() + 30_000;
    let groups = await api.rules();
    // Wait until every rule has been evaluated at least once against the store: health and lastError then
    // report what the query (MetricsQL parsing the PromQL) and the templates did, not just the parse.
    while (Date.now() < deadline) {
      groups = await api.rules();
      const evaluated = groups
        .flatMap((group) => group.rules as VmalertRule[])
        .every((rule) => rule.lastEvaluation !== undefined && !rule.lastEvaluation.startsWith('0001-'));
      if (groups.length === expectedGroups.length && evaluated) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(groups.map((group) => group.name).sort()).toEqual(
      expectedGroups.map((group) => group.name).sort(),
    );
    const failing = groups
      .flatMap((group) => group.rules as VmalertRule[])
      .filter((rule) => rule.health !== 'ok' || (rule.lastError ?? '') !== '')
      .map((rule) => `${rule.name}: ${rule.lastError}`);
    expect(failing).toEqual([]);
  });

  it('a live burn reaches Alertmanager with its annotations rendered, `query` template included', async () => {
    // SloErrorBudgetBurn has no `for:`: the page fires once the recording rules have run on the last hour.
    const deadline = Date.now() + 30_000;
    let burn: Awaited<ReturnType<AlertmanagerInstance['alerts']>> = [];
    while (Date.now() < deadline) {
      burn = (await alertmanager.alerts()).filter(
        (alert) => alert.labels.alertname === 'SloErrorBudgetBurn' && alert.labels.slo === 'availability',
      );
      if (burn.some((alert) => alert.labels.slo_severity === 'page')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const page = burn.find((alert) => alert.labels.slo_severity === 'page');
    expect(page?.labels).toMatchObject({ severity: 'critical', job: 'demo-api', team: 'platform' });
    expect(page?.annotations.top_routes).toBe('/api/orders (0.2 bad req/s)');
    expect(page?.annotations.description).toMatch(/^demo-api availability: 2% of requests are bad/);
  });

  it.each([
    [
      'slo.test.yml',
      'SloErrorBudgetBurn pages and opens a ticket at 2% errors (a 20x burn), quiet before any traffic',
      'slo.rules.yml',
      'slo-demo-api-availability',
      3,
    ],
    [
      'postgres.test.yml',
      'PostgresDown fires after a minute without a connection, not while PostgreSQL is up',
      'postgres.rules.yml',
      'postgres',
      6,
    ],
  ])(
    'replaying %s "%s" fires the alerts promtool expects',
    async (testFile, caseName, ruleFile, group, hoursBack) => {
      const testCase = loadPromtoolCase(path.join(root, 'tests', testFile), caseName);
      // Hour-aligned (so evaluation steps fall on the samples), hours back, each case in its own stretch of time.
      const startMs = Math.floor(Date.now() / 3_600_000) * 3_600_000 - hoursBack * 3_600_000;
      await store.importPrometheusText(importText(testCase, startMs));
      const lastEval = Math.max(...testCase.alertRuleTest.map((check) => check.evalSeconds));
      await replayRules({
        ruleFiles: { [ruleFile]: replayableGroup(ruleFiles[ruleFile] ?? '', group) },
        datasourceUrl: store.url,
        remoteWriteUrl: store.url,
        from: new Date(startMs),
        to: new Date(startMs + lastEval * 1000),
        evaluationInterval: `${testCase.intervalSeconds}s`,
      });
      await store.flush();
      for (const check of testCase.alertRuleTest) {
        const at = new Date(startMs + check.evalSeconds * 1000);
        // Only samples written by the evaluation at exactly this step (not one still in the lookback window).
        const firing = await store.query(
          `last_over_time(ALERTS{alertname="${check.alertname}",alertstate="firing"}[${testCase.intervalSeconds - 1}s])`,
          at,
        );
        const got = firing.map((sample) => pick(sample.metric, check.expLabels[0] ?? {}));
        expect({ at: check.evalSeconds, alerts: sortLabels(got) }).toEqual({
          at: check.evalSeconds,
          alerts: sortLabels(check.expLabels),
        });
      }
    },
  );
});

/**
 * The rule file with only the group a case exercises (a replay runs rule after rule with a pause between
 * them, so the SLO file's three groups would take over a minute), and without annotations: vmalert's
 * replay refuses the `query` template function (SloErrorBudgetBurn's top_routes), and the alert labels
 * compared here do not depend on annotations.
 */
function replayableGroup(ruleFileText: string, name: string): string {
  const groups = (parse(ruleFileText) as { groups: { name: string; rules: object[] }[] }).groups
    .filter((group) => group.name === name)
    .map((group) => ({
      ...group,
      rules: group.rules.map((rule) => ({ ...rule, annotations: undefined })),
    }));
  if (groups.length !== 1) throw new Error(`no rule group ${name}`);
  return stringify({ groups });
}

function pick(labels: Record<string, string>, like: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(like).map((key) => [key, labels[key] ?? '(absent)']));
}

function sortLabels(list: Record<string, string>[]): string[] {
  return list.map((labels) => JSON.stringify(Object.entries(labels).sort())).sort();
}
