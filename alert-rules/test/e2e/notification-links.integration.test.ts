import { readdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExporterConfig, startExporterServer } from '@perflens/exporter';
import { freePort, useAlertmanager, usePrometheus, useService } from '@perflens/test-harness';
import { SLO_BURN_ALERT } from '../../src/generate/burn-rate-alerts';
import { testAlertmanagerConfig } from './alertmanager-test-config';
import { CHECKOUT_ROUTE, startCheckoutApp } from './checkout-app';
import { Deliveries, notificationTitle } from './deliveries';
import { E2E_JOB, E2E_SLO, e2eSloRules } from './e2e-rules';
import { eventually } from './eventually';
import { SlackReceiver } from './slack-receiver';
import { SmtpSink } from './smtp-sink';
import { startTcpForward } from './tcp-forward';

/**
 * The links of a real page, followed: Prometheus with the generated rules and the external labels that say
 * where links point (grafana_url, runbooks_url), the exporter serving docs/runbooks/, Alertmanager with the
 * production templates and its --web.external-url, a local Slack-compatible receiver. Every link the
 * on-call engineer gets must answer 2xx; Grafana cannot run here, so its link is checked for the shape
 * `<grafana_url>/d/<uid>` with a uid that provisioning/grafana/dashboards holds.
 */
const GRAFANA_URL = 'http://grafana.perflens.test:3001';
const DASHBOARD_DIR = path.join(__dirname, '../../../provisioning/grafana/dashboards');
const PAGE_FIRING = notificationTitle('firing', SLO_BURN_ALERT, {
  job: E2E_JOB,
  slo: E2E_SLO,
  severity: 'critical',
});
type ExporterLogger = Parameters<typeof startExporterServer>[1];

/** The exporter's logger: silent (a pino-shaped sink; this workspace does not depend on pino). */
const silentLogger = (): ExporterLogger => {
  const logger: Record<string, unknown> = {};
  for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace']) logger[level] = () => undefined;
  logger.child = () => logger;
  logger.level = 'silent';
  return logger as unknown as ExporterLogger;
};

function dashboardUids(): string[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => (JSON.parse(readFileSync(path.join(DASHBOARD_DIR, file), 'utf8')) as { uid: string }).uid);
}

describe('the links of a burn-rate page lead somewhere', () => {
  const ports = useService('external ports', async () => ({
    alertmanager: await freePort(),
    prometheus: await freePort(),
    stop: async () => undefined,
  }));
  const slack = useService('Slack receiver', () => SlackReceiver.start());
  const smtp = useService('SMTP sink', () => SmtpSink.start({ username: 'unused', password: 'unused' }));
  const app = useService('checkout app', startCheckoutApp);
  const exporter = useService('exporter serving the runbooks', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-links-'));
    const file = path.join(dir, 'perflens.yaml');
    writeFileSync(
      file,
      [
        'server: { host: 127.0.0.1, port: 0 }',
        'logging: { level: silent }',
        'host: { enabled: false }',
        'postgres: { databases: [] }',
        'rum: { allowedOrigins: ["http://127.0.0.1"], pages: [ { pattern: "/" } ] }',
      ].join('\n'),
    );
    const running = await startExporterServer(loadExporterConfig(file, {}), silentLogger());
    return {
      url: running.url,
      stop: async () => {
        await running.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
  const amConfig = useService('Alertmanager config', async () => {
    const rewritten = testAlertmanagerConfig({
      smarthost: smtp().smarthost,
      secrets: {
        'slack-paging-webhook-url': slack().url('/paging'),
        'slack-alerts-webhook-url': slack().url('/alerts'),
        'smtp-password': 'unused',
      },
    });
    return { ...rewritten, stop: async () => rewritten.remove() };
  });
  // Alertmanager listens on a second address, the one its external URL names (the flag may repeat).
  const alertmanagerUrl = () => `http://127.0.0.1:${ports().alertmanager}`;
  const alertmanager = useAlertmanager(() => ({
    config: amConfig().config,
    extraArgs: [
      `--web.listen-address=127.0.0.1:${ports().alertmanager}`,
      `--web.external-url=${alertmanagerUrl()}`,
    ],
  }));
  const prometheusUrl = () => `http://127.0.0.1:${ports().prometheus}`;
  const prometheus = usePrometheus(() => ({
    config: {
      global: {
        scrape_interval: '1s',
        scrape_timeout: '1s',
        evaluation_interval: '1s',
        external_labels: { grafana_url: GRAFANA_URL, runbooks_url: `${exporter().url}/runbooks` },
      },
      scrape_configs: [{ job_name: E2E_JOB, static_configs: [{ targets: [app().target] }] }],
      alerting: {
        alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanager().port}`] }] }],
      },
    },
    ruleFiles: { 'slo-e2e.rules.yml': e2eSloRules() },
    extraArgs: [`--web.external-url=${prometheusUrl()}`],
  }));
  // Prometheus' external URL reaches it through a forwarder (the harness picks its listen port).
  useService('Prometheus external address', () =>
    startTcpForward(ports().prometheus, () => prometheus().port),
  );
  const deliveries = new Deliveries(slack, smtp);

  it('names the routes, and every link of the Slack page answers 2xx or is a provisioned dashboard', async () => {
    const since = deliveries.mark();
    app().setFailing(true);
    const { message } = await eventually(
      'the page on Slack',
      () => deliveries.slackPost(since, PAGE_FIRING),
      () => deliveries.describe(since),
    );
    app().setFailing(false);
    const [attachment] = message.attachments;
    const text = attachment?.text ?? '';

    // The route that burns the budget, and the analysis to run, against Prometheus' external URL.
    expect(text).toContain(`Top routes: ${CHECKOUT_ROUTE} (`);
    expect(text).toContain(`perflens analyze --prometheus ${prometheusUrl()} --job ${E2E_JOB} --range 30s`);

    const links = new Map<string, string>();
    for (const action of attachment?.actions ?? []) links.set(action.text, action.url);
    for (const [, url, label] of text.matchAll(/<([^|>]+)\|([^>]+)>/g)) links.set(label!, url!);
    links.set('Prometheus (analyze)', prometheusUrl());
    expect([...links.keys()].sort()).toEqual(
      ['Dashboard', 'Prometheus (analyze)', 'Runbook', 'Silence', 'Silence (acknowledge)'].sort(),
    );

    const dashboard = new URL(links.get('Dashboard')!);
    expect(`${dashboard.origin}`).toBe(GRAFANA_URL);
    expect(dashboardUids()).toContain(/^\/d\/([^/]+)/.exec(dashboard.pathname)?.[1]);
    expect(attachment?.title_link).toBe(links.get('Dashboard'));

    expect(links.get('Runbook')).toBe(`${exporter().url}/runbooks/slo-error-budget-burn.md`);
    expect(links.get('Silence')?.startsWith(`${alertmanagerUrl()}/#/silences/new?filter=`)).toBe(true);
    expect(decodeURIComponent(links.get('Silence')!)).not.toContain('grafana_url');

    const answers: Record<string, number> = {};
    for (const [label, url] of links) {
      if (label === 'Dashboard') continue;
      const response = await fetch(url);
      answers[label] = response.status;
      if (label === 'Runbook') expect(await response.text()).toMatch(/^# SloErrorBudgetBurn\n/);
    }
    expect(answers).toEqual({
      Runbook: 200,
      Silence: 200,
      'Silence (acknowledge)': 200,
      'Prometheus (analyze)': 200,
    });
  });
});
