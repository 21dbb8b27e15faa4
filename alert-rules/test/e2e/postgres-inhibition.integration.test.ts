import { type AlertmanagerInstance, type GettableAlert, startAlertmanager } from '@perflens/test-harness';
import { eventually } from './eventually';
import { productionAlertmanagerConfig } from './alertmanager-test-config';

/**
 * The inhibit rules of provisioning/alertmanager/alertmanager.yml, as they are, in a real Alertmanager:
 * a failing collector query (a table locked by a migration) must not hide the other PostgreSQL alerts,
 * which are what the on-call needs during that migration; PostgresDown still does, since while the
 * database is down they only repeat the news. Routing and delivery are covered by alerting.integration.
 */
let alertmanager: AlertmanagerInstance;

beforeAll(async () => {
  const production = productionAlertmanagerConfig();
  alertmanager = await startAlertmanager({
    config: {
      route: { receiver: 'none', group_by: ['alertname', 'instance'] },
      receivers: [{ name: 'none' }],
      inhibit_rules: production.inhibit_rules,
    },
  });
}, 60_000);

afterAll(async () => {
  await alertmanager?.stop();
});

const alert = (labels: Record<string, string>) => ({ labels, annotations: { summary: labels.alertname! } });

/** Waits until Alertmanager holds every alert posted for `instance`, and returns their states by alertname. */
async function statesOf(instance: string, count: number): Promise<Record<string, GettableAlert['status']>> {
  return eventually(
    `${count} alerts for ${instance}, each active or suppressed`,
    async () => {
      const alerts = (await alertmanager.alerts()).filter((a) => a.labels.instance === instance);
      if (alerts.length < count || alerts.some((a) => a.status.state === 'unprocessed')) return undefined;
      return Object.fromEntries(alerts.map((a) => [a.labels.alertname!, a.status]));
    },
    async () => JSON.stringify(await alertmanager.alerts()),
  );
}

describe('PostgreSQL inhibition in the production Alertmanager configuration', () => {
  it('a failing collector query inhibits nothing: a long transaction during a migration still notifies', async () => {
    const migrating = { job: 'postgres', instance: 'migrating:9187', datname: 'shop' };
    await alertmanager.postAlerts([
      alert({
        alertname: 'PostgresCollectorFailing',
        severity: 'warning',
        ...migrating,
        collector: 'postgres/shop/tables',
      }),
      alert({ alertname: 'PostgresLongTransaction', severity: 'warning', ...migrating }),
      alert({ alertname: 'PostgresDeadlocks', severity: 'warning', ...migrating }),
      // A control pair posted last: once its warning twin is inhibited, Alertmanager's inhibitor has seen
      // every alert of this batch, so "not inhibited" below is a verdict, not a race.
      alert({ alertname: 'HostFileDescriptorsHigh', severity: 'critical', ...migrating }),
      alert({ alertname: 'HostFileDescriptorsHigh', severity: 'warning', ...migrating }),
    ]);
    await eventually(
      'the warning HostFileDescriptorsHigh on migrating:9187 inhibited by its critical twin',
      async () =>
        (await alertmanager.alerts()).find(
          (a) =>
            a.labels.instance === 'migrating:9187' &&
            a.labels.severity === 'warning' &&
            a.labels.alertname === 'HostFileDescriptorsHigh' &&
            a.status.state === 'suppressed',
        ),
      async () => JSON.stringify(await alertmanager.alerts()),
    );
    const postgres = (await alertmanager.alerts()).filter(
      (a) => a.labels.instance === 'migrating:9187' && a.labels.alertname!.startsWith('Postgres'),
    );
    expect(
      Object.fromEntries(
        postgres.map((a) => [a.labels.alertname, [a.status.state, a.status.inhibitedBy.length]]),
      ),
    ).toEqual({
      PostgresCollectorFailing: ['active', 0],
      PostgresLongTransaction: ['active', 0],
      PostgresDeadlocks: ['active', 0],
    });
  });

  it('PostgresDown still inhibits the other PostgreSQL alerts of its instance', async () => {
    await alertmanager.postAlerts([
      alert({
        alertname: 'PostgresDown',
        severity: 'critical',
        job: 'postgres',
        instance: 'down:9187',
        datname: 'shop',
      }),
      alert({
        alertname: 'PostgresLongTransaction',
        severity: 'warning',
        job: 'postgres',
        instance: 'down:9187',
        datname: 'shop',
      }),
    ]);
    const states = await eventually(
      'PostgresLongTransaction on down:9187 inhibited',
      async () => {
        const current = await statesOf('down:9187', 2);
        return current.PostgresLongTransaction?.state === 'suppressed' ? current : undefined;
      },
      async () => JSON.stringify(await alertmanager.alerts()),
    );
    expect(states.PostgresDown).toMatchObject({ state: 'active', inhibitedBy: [] });
    expect(states.PostgresLongTransaction?.inhibitedBy).toHaveLength(1);
  });
});
