import { ALERTMANAGER_CONFIG } from './alertmanager-paths';
import { amtool } from './amtool';

describe('Alertmanager configuration', () => {
  it('passes amtool check-config with its templates', async () => {
    const result = await amtool('check-config', ALERTMANAGER_CONFIG);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(' - 2 inhibit rules\n - 3 receivers\n - 1 templates\n  SUCCESS');
  });

  // `amtool config routes test` resolves routes only; inhibition is proven by the end-to-end test.
  it.each([
    {
      title: 'an SLO page goes to the pager (Slack paging + email)',
      labels: ['alertname=SloErrorBudgetBurn', 'severity=critical', 'slo_severity=page', 'job=demo-api'],
      receiver: 'page',
    },
    {
      title: 'an SLO ticket goes to the Slack alerts channel',
      labels: ['alertname=SloErrorBudgetBurn', 'severity=warning', 'slo_severity=ticket', 'job=demo-api'],
      receiver: 'slack-warning',
    },
    {
      title: 'PostgreSQL down pages',
      labels: ['alertname=PostgresDown', 'severity=critical', 'instance=db:9187'],
      receiver: 'page',
    },
    {
      title: 'a warning goes to Slack',
      labels: ['alertname=ApiRouteHighLatency', 'severity=warning', 'job=demo-api'],
      receiver: 'slack-warning',
    },
    {
      title: 'info is not sent anywhere',
      labels: ['alertname=SomethingWorthKnowing', 'severity=info'],
      receiver: 'null',
    },
    {
      title: 'an alert without a severity still reaches Slack',
      labels: ['alertname=Unlabelled'],
      receiver: 'slack-warning',
    },
  ])('$title', async ({ labels, receiver }) => {
    const result = await amtool(
      'config',
      'routes',
      'test',
      `--config.file=${ALERTMANAGER_CONFIG}`,
      `--verify.receivers=${receiver}`,
      ...labels,
    );
    expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({ code: 0, stdout: receiver });
  });
});
