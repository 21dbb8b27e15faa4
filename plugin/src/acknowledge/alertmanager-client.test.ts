import { of } from 'rxjs';
import type { BackendSrv, BackendSrvRequest } from '@grafana/runtime';
import { AlertmanagerClient, alertsOfTarget, type FiringAlert, silenceMatchers } from './alertmanager-client';

const alert = (labels: Record<string, string>): FiringAlert => ({
  fingerprint: Object.values(labels).join('-'),
  labels,
  annotations: {},
  startsAt: '2023-11-15T00:00:00Z',
});
const target = { job: 'demo-api', http_request_method: 'GET', http_route: '/api/products' };

describe('alerts of a finding', () => {
  it.each([
    ['an alert on the same route', { alertname: 'SloLatencyBurn', job: 'demo-api', http_route: '/api/products' }, true],
    ['an alert on the whole job', { alertname: 'SloErrorBudgetBurn', job: 'demo-api', slo: 'latency' }, true],
    ['an alert on another route', { alertname: 'SloLatencyBurn', job: 'demo-api', http_route: '/api/cart' }, false],
    ['an alert sharing no label', { alertname: 'HostDiskFull', instance: 'db-host:9100' }, false],
  ])('%s: %s', (_title, labels, matches) => {
    expect(alertsOfTarget([alert(labels)], target)).toHaveLength(matches ? 1 : 0);
  });

  it('silences the alert by its name and the target labels it carries', () => {
    const firing = alert({
      alertname: 'SloLatencyBurn',
      job: 'demo-api',
      http_route: '/api/products',
      severity: 'page',
    });
    expect(silenceMatchers(firing, target)).toEqual([
      { name: 'alertname', value: 'SloLatencyBurn' },
      { name: 'job', value: 'demo-api' },
      { name: 'http_route', value: '/api/products' },
    ]);
  });

  it('posts a silence in Alertmanager API v2 form through the plugin route that requires the acknowledge permission', async () => {
    const requests: BackendSrvRequest[] = [];
    const srv = {
      fetch: (request: BackendSrvRequest) => {
        requests.push(request);
        return of({ data: { silenceID: 'abc-123' } });
      },
    } as unknown as BackendSrv;
    const id = await new AlertmanagerClient(srv, 'alertmanager').createSilence(
      {
        matchers: [{ name: 'alertname', value: 'SloLatencyBurn' }],
        durationSeconds: 3600,
        createdBy: 'ana',
        comment: 'index coming',
      },
      new Date('2023-11-15T00:00:00Z')
    );
    expect(id).toBe('abc-123');
    expect(requests[0]).toMatchObject({
      url: '/api/plugin-proxy/perflens-insights-app/alertmanager/api/v2/silences',
      method: 'POST',
      data: {
        matchers: [{ name: 'alertname', value: 'SloLatencyBurn', isRegex: false, isEqual: true }],
        startsAt: '2023-11-15T00:00:00.000Z',
        endsAt: '2023-11-15T01:00:00.000Z',
        createdBy: 'ana',
        comment: 'index coming',
      },
    });
  });
});
