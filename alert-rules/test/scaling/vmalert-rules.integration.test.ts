// Issue 17: Perflens's rules evaluated by vmalert against VictoriaMetrics instead of by Prometheus. Every rule
// file loads and evaluates, and a live burn reaches Alertmanager; promtool-replay.integration.test.ts replays
// every promtool scenario.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PrometheusApi,
  startAlertmanager,
  startVictoriaMetrics,
  startVmalert,
  type AlertmanagerInstance,
  type VictoriaMetricsInstance,
  type VmalertInstance,
} from '@perflens/test-harness';
import { parse, stringify } from 'yaml';

const root = path.resolve(__dirname, '../..');
const ruleFiles: Record<string, string> = Object.fromEntries(
  [
    ...readdirSync(path.join(root, 'rules'))
      .filter((name) => name.endsWith('.yml'))
      .map((name) => [name, readFileSync(path.join(root, 'rules', name), 'utf8')]),
    ['slo.rules.yml', readFileSync(path.join(root, 'generated', 'slo.rules.yml'), 'utf8')],
  ].map(([name, text]) => [name, everyGroupAtTheDefaultInterval(text as string)]),
);

/**
 * The rule file with no group's own `interval` (route-aggregates sets 1m), so that every group runs at the
 * test's 1 s: vmalert spreads a group's first evaluation over its interval, up to a minute here.
 */
function everyGroupAtTheDefaultInterval(text: string): string {
  const file = parse(text) as { groups: Array<{ interval?: string }> };
  return stringify({ groups: file.groups.map(({ interval: _interval, ...group }) => group) });
}

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
    // The live burn is imported history that an earlier query may have cached; a test store skips the cache.
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
    const rules = groups.flatMap((group) => group.rules as VmalertRule[]);
    const neverEvaluated = rules.filter(
      (rule) => rule.lastEvaluation === undefined || rule.lastEvaluation.startsWith('0001-'),
    );
    expect(neverEvaluated.map((rule) => rule.name)).toEqual([]);
    const failing = rules
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
});
