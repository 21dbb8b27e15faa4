import { existsSync } from 'node:fs';
import { isRunning } from '@perflens/supervisor';
import { startAlertmanager, type AlertmanagerInstance } from './start-alertmanager';

describe('startAlertmanager', () => {
  let alertmanager: AlertmanagerInstance;
  beforeAll(async () => {
    alertmanager = await startAlertmanager({
      config: {
        route: { receiver: 'blackhole', group_by: ['alertname'] },
        receivers: [{ name: 'blackhole' }],
      },
      templates: {
        'perflens.tmpl':
          '{{ define "perflens.title" }}[{{ .Status }}] {{ .CommonLabels.alertname }}{{ end }}',
      },
    });
  });
  afterAll(() => alertmanager?.stop());

  it('starts with no alerts and no silences', async () => {
    expect(await alertmanager.alerts()).toEqual([]);
    expect(await alertmanager.silences()).toEqual([]);
  });

  it('shows an alert posted to /api/v2/alerts', async () => {
    await alertmanager.postAlerts([
      {
        labels: { alertname: 'PerflensHarnessTest', severity: 'warning' },
        annotations: { summary: 'p99 at 1.2s' },
      },
    ]);
    const alerts = await alertmanager.alerts();
    expect(
      alerts.map((a) => ({
        labels: a.labels,
        annotations: a.annotations,
        receivers: a.receivers,
        state: a.status.state,
      })),
    ).toEqual([
      {
        labels: { alertname: 'PerflensHarnessTest', severity: 'warning' },
        annotations: { summary: 'p99 at 1.2s' },
        receivers: [{ name: 'blackhole' }],
        state: 'active',
      },
    ]);
  });

  it('stops: the pid is gone and the folder removed', async () => {
    const pid = alertmanager.pid as number;
    const dir = alertmanager.dir;
    await alertmanager.stop();
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(alertmanager.pid).toBeUndefined();
  });
});
