import { DASHBOARD_UIDS, dashboardPath, regexLiteral } from '@perflens/conventions';
import { useAlertmanager, usePrometheus, useService } from '@perflens/test-harness';
import { SLO_BURN_ALERT } from '../../src/generate/burn-rate-alerts';
import {
  alertmanagerCounter,
  createSilence,
  expireSilence,
  silenceLinkMatchers,
} from './alertmanager-client';
import { productionAlertmanagerConfig, testAlertmanagerConfig } from './alertmanager-test-config';
import { startCheckoutApp } from './checkout-app';
import { Deliveries, notificationTitle, type Mark } from './deliveries';
import { CANARY_ALERT, CANARY_RULES, E2E_JOB, E2E_SLO, e2eSloRules } from './e2e-rules';
import { eventually } from './eventually';
import { SlackReceiver, type SlackPost } from './slack-receiver';
import { SmtpSink } from './smtp-sink';

/**
 * The burn-rate page end to end: an instrumented app scraped by a real Prometheus that evaluates generated
 * SLO rules (short windows), a real Alertmanager with the production routing and templates, a local
 * Slack-compatible receiver and a local SMTP sink. The tests are one story on shared services, in order:
 * each starts and ends with no alert firing.
 */
const SMTP_PASSWORD = 'e2e-smtp-password';
const page = { job: E2E_JOB, slo: E2E_SLO, severity: 'critical' };
const PAGE_FIRING = notificationTitle('firing', SLO_BURN_ALERT, page);
const PAGE_RESOLVED = notificationTitle('resolved', SLO_BURN_ALERT, page);
const CANARY_FIRING = notificationTitle('firing', CANARY_ALERT, page);
const SUMMARY = `The ${E2E_JOB} ${E2E_SLO} SLO is burning its error budget too fast.`;
const DESCRIPTION = new RegExp(
  `^${E2E_JOB} ${E2E_SLO}: [0-9.]+% of requests are bad over the long window \\(objective: 99\\.9% of ` +
    'requests without a server error over 30d; alerting at 14\\.4x over 30s\\)\\.$',
);
// No external labels here: the rules' defaults, the exporter and Grafana of docker-compose.yml.
const RUNBOOK = 'http://localhost:9464/runbooks/slo-error-budget-burn.md';
const DASHBOARD = `http://localhost:3001${dashboardPath(DASHBOARD_UIDS.slo)}?var-job=${E2E_JOB}&var-slo=${E2E_SLO}`;
const SLACK_FAILURES = 'alertmanager_notification_requests_failed_total{integration="slack"}';
/** Sender and login as the production config has them; users change them there for their mail system. */
const smtpSettings = productionAlertmanagerConfig().global as {
  smtp_from: string;
  smtp_auth_username: string;
};

describe('SLO burn-rate page through Prometheus and Alertmanager to Slack and email', () => {
  const slack = useService('Slack receiver', () => SlackReceiver.start());
  const smtp = useService('SMTP sink', () =>
    SmtpSink.start({ username: smtpSettings.smtp_auth_username, password: SMTP_PASSWORD }),
  );
  const app = useService('checkout app', startCheckoutApp);
  const amConfig = useService('Alertmanager config', async () => {
    const rewritten = testAlertmanagerConfig({
      smarthost: smtp().smarthost,
      // As `echo URL > file` writes them: Alertmanager trims webhook URL files. Not the password file:
      // 0.25 sends its content verbatim, newline included (provisioning/alertmanager/README.md says so).
      secrets: {
        'slack-paging-webhook-url': `${slack().url('/paging')}\n`,
        'slack-alerts-webhook-url': `${slack().url('/alerts')}\n`,
        'smtp-password': SMTP_PASSWORD,
      },
    });
    return { ...rewritten, stop: async () => rewritten.remove() };
  });
  const alertmanager = useAlertmanager(() => ({ config: amConfig().config }));
  const prometheus = usePrometheus(() => ({
    config: {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: [{ job_name: E2E_JOB, static_configs: [{ targets: [app().target] }] }],
      alerting: {
        alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanager().port}`] }] }],
      },
    },
    ruleFiles: { 'slo-e2e.rules.yml': e2eSloRules(), 'silence-canary.rules.yml': CANARY_RULES },
  }));
  const deliveries = new Deliveries(slack, smtp);

  /** Waits for a Slack post with this title after the mark; the timeout message lists what did arrive. */
  const slackPost = (what: string, since: Mark, title: string): Promise<SlackPost> =>
    eventually(
      what,
      () => deliveries.slackPost(since, title),
      () => deliveries.describe(since),
    );

  const email = (what: string, since: Mark, subject: string) =>
    eventually(
      what,
      () => deliveries.mail(since, subject),
      () => deliveries.describe(since),
    );

  /** Stops the errors and waits until neither Prometheus nor Alertmanager holds an active alert. */
  async function stopErrorsAndWaitForQuiet(): Promise<void> {
    app().setFailing(false);
    await eventually(
      'every alert to resolve',
      async () => {
        const [firing, active] = await Promise.all([prometheus().alerts(), alertmanager().alerts()]);
        return firing.length === 0 && active.length === 0 ? true : undefined;
      },
      async () =>
        `Prometheus alerts: ${JSON.stringify(await prometheus().alerts())}\n` +
        `Alertmanager alerts: ${JSON.stringify(await alertmanager().alerts())}`,
    );
  }

  it('pages on Slack and by email with summary, value, runbook, dashboard and silence link', async () => {
    const since = deliveries.mark();
    app().setFailing(true);
    const { path, message } = await slackPost('the page on Slack', since, PAGE_FIRING);

    expect(path).toBe('/paging');
    expect(message.channel).toBe('#perflens-paging');
    const [attachment] = message.attachments;
    expect(attachment?.color).toBe('danger');
    expect(attachment?.title_link).toBe(DASHBOARD);
    const silenceLink = attachment?.actions?.[2]?.url ?? '';
    expect(attachment?.actions?.map(({ text, url }) => [text, url])).toEqual([
      ['Runbook', RUNBOOK],
      ['Dashboard', DASHBOARD],
      ['Silence', silenceLink],
    ]);
    // It opens this Alertmanager's UI (its default external URL: host name and port).
    const link = new URL(silenceLink);
    expect([link.port, link.pathname, link.hash.split('?')[0]]).toEqual([
      String(alertmanager().port),
      '/',
      '#/silences/new',
    ]);
    const lines = attachment?.text.split('\n') ?? [];
    expect(lines[0]).toBe(`*${SUMMARY}*`);
    expect(lines[1]).toMatch(DESCRIPTION);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^Top routes: \/api\/checkout \([0-9.e-]+ bad req\/s\)$/) as unknown as string,
      expect.stringMatching(
        /^Analyze: `perflens analyze --prometheus http:\S+ --job e2e-checkout --range 30s`$/,
      ) as unknown as string,
      `<${RUNBOOK}|Runbook>`,
      `<${silenceLink}|Silence (acknowledge)>`,
    ]);

    // The silence link pre-fills exactly the labels of the alert Alertmanager holds.
    const held = (await alertmanager().alerts()).find((a) => a.labels.alertname === SLO_BURN_ALERT);
    const linked = silenceLinkMatchers(silenceLink).map(({ name, value }) => [name, value]);
    expect(Object.fromEntries(linked)).toEqual(held?.labels);

    const mail = await email('the page by email', since, PAGE_FIRING);
    // The sink only accepts this login with the password, so the password file was read.
    expect(mail.user).toBe(smtpSettings.smtp_auth_username);
    expect(mail.envelopeFrom).toBe(smtpSettings.smtp_from);
    expect(mail.message.headers.get('from')).toBe(smtpSettings.smtp_from);
    expect(mail.envelopeTo).toEqual(['oncall@example.com']);
    expect(mail.message.headers.get('to')).toBe('oncall@example.com');
    const text = mail.message.text ?? '';
    expect(text).toContain(`\nFIRING: ${SUMMARY}\n`);
    expect(text.split('\n').filter((line) => DESCRIPTION.test(line))).toHaveLength(1);
    expect(text).toContain(`\nRunbook: ${RUNBOOK}\n`);
    expect(text).toContain(`\nDashboard: ${DASHBOARD}\n`);
    expect(text).toContain(`\nSilence (acknowledge): ${silenceLink}`);
    const html = mail.message.html ?? '';
    expect(html).toContain(`<a href="${RUNBOOK}">Runbook</a>`);
    expect(html).toContain(`<a href="${DASHBOARD.replace('&', '&amp;')}">Dashboard</a>`);
    expect(html).toContain(`<a href="${silenceLink}">Silence (acknowledge)</a>`);
  }, 90_000);

  it('sends resolved notifications on Slack and by email once the errors stop', async () => {
    const since = deliveries.mark();
    app().setFailing(false);
    const { path, message } = await slackPost('the resolved page on Slack', since, PAGE_RESOLVED);
    expect(path).toBe('/paging');
    expect(message.attachments[0]?.color).toBe('good');
    expect(message.attachments[0]?.text).toMatch(
      new RegExp(`^:white_check_mark: \\*${regexLiteral(SUMMARY)}\\*\n`),
    );
    const mail = await email('the resolved page by email', since, PAGE_RESOLVED);
    expect(mail.message.text).toContain(`\nRESOLVED: ${SUMMARY}\n`);
    await stopErrorsAndWaitForQuiet();
  }, 90_000);

  it('delivers a page that fired while the Slack receiver was down once it is back', async () => {
    await slack().stop();
    const since = deliveries.mark();
    const failuresBefore = await alertmanagerCounter(alertmanager().url, SLACK_FAILURES);
    app().setFailing(true);
    // Email is another integration: the Slack outage must not hold it back.
    await email('the page by email while Slack is down', since, PAGE_FIRING);
    await eventually('Alertmanager to fail a Slack delivery', async () =>
      (await alertmanagerCounter(alertmanager().url, SLACK_FAILURES)) > failuresBefore ? true : undefined,
    );
    await slack().resume();
    const { path } = await slackPost('the page on Slack after the receiver came back', since, PAGE_FIRING);
    expect(path).toBe('/paging');
    await stopErrorsAndWaitForQuiet();
  }, 90_000);

  it('holds the page back while a silence from its link is active, and sends it once it expires', async () => {
    const firstPage = deliveries.slackPost({ slack: 0, mail: 0 }, PAGE_FIRING);
    if (!firstPage) throw new Error('no page was delivered earlier in this file: run the whole file');
    const matchers = silenceLinkMatchers(firstPage.message.attachments[0]?.actions?.[2]?.url ?? '');
    const silenceId = await createSilence(alertmanager().url, matchers, 'ACK: looking at checkout errors');

    const since = deliveries.mark();
    app().setFailing(true);
    // The canary fires 3 s after the page does, so the page's group was flushed before this arrives.
    await slackPost('the canary on Slack', since, CANARY_FIRING);
    expect(deliveries.describe(since)).not.toContain(PAGE_FIRING);
    const held = await eventually('Alertmanager to report the page as silenced', async () =>
      (await alertmanager().alerts()).find((alert) => alert.labels.alertname === SLO_BURN_ALERT),
    );
    expect(held.status).toMatchObject({ state: 'suppressed', silencedBy: [silenceId] });

    const expiredAt = deliveries.mark();
    await expireSilence(alertmanager().url, silenceId);
    await slackPost('the page on Slack after the silence expired', expiredAt, PAGE_FIRING);
    await email('the page by email after the silence expired', expiredAt, PAGE_FIRING);
    await stopErrorsAndWaitForQuiet();
  }, 90_000);
});
