import { lastValueFrom } from 'rxjs';
import type { BackendSrv } from '@grafana/runtime';
import { dataSourceProxyUrl } from '../shared/grafana-prometheus-client';
import { SILENCES_ROUTE_URL } from './silences-route';

/** An alert as Alertmanager's API v2 returns it (GET /api/v2/alerts), reduced to what the page shows. */
export interface FiringAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
}

export interface SilenceRequest {
  matchers: Array<{ name: string; value: string }>;
  durationSeconds: number;
  createdBy: string;
  comment: string;
}

/**
 * Alertmanager's API v2 through Grafana, never directly: firing alerts are read through the data source
 * proxy (the Alertmanager data source of the app settings; any user of the app may read them), and
 * silences are created through the app's plugin route, where Grafana checks the acknowledge permission
 * server-side. A data source proxy would let any Viewer who can query the data source POST a silence.
 */
export class AlertmanagerClient {
  constructor(
    private readonly backendSrv: BackendSrv,
    private readonly dataSourceUid: string
  ) {}

  /** Active, not yet silenced alerts. */
  async firingAlerts(): Promise<FiringAlert[]> {
    const response = await lastValueFrom(
      this.backendSrv.fetch<FiringAlert[]>({
        url: dataSourceProxyUrl(this.dataSourceUid, 'api/v2/alerts'),
        params: { active: 'true', silenced: 'false', inhibited: 'false' },
        showErrorAlert: false,
      })
    );
    return response.data;
  }

  /** Creates a silence starting now; resolves to its id. A user without the permission gets Grafana's 403. */
  async createSilence(request: SilenceRequest, now = new Date()): Promise<string> {
    const response = await lastValueFrom(
      this.backendSrv.fetch<{ silenceID: string }>({
        url: SILENCES_ROUTE_URL,
        method: 'POST',
        data: {
          matchers: request.matchers.map((m) => ({ ...m, isRegex: false, isEqual: true })),
          startsAt: now.toISOString(),
          endsAt: new Date(now.getTime() + request.durationSeconds * 1000).toISOString(),
          createdBy: request.createdBy,
          comment: request.comment,
        },
        showErrorAlert: false,
      })
    );
    return response.data.silenceID;
  }
}

/**
 * Alerts about the finding's target: they share at least one of its labels and contradict none (an alert
 * on `job` and `http_route` matches a slow-route finding on the same route).
 */
export function alertsOfTarget(
  alerts: readonly FiringAlert[],
  target: Readonly<Record<string, string>>
): FiringAlert[] {
  return alerts.filter((alert) => {
    const shared = Object.keys(target).filter((name) => alert.labels[name] !== undefined);
    return shared.length > 0 && shared.every((name) => alert.labels[name] === target[name]);
  });
}

/** Matchers that silence exactly this alert for this target: its name and the target labels it carries. */
export function silenceMatchers(alert: FiringAlert, target: Readonly<Record<string, string>>) {
  const names = ['alertname', ...Object.keys(target).filter((name) => alert.labels[name] !== undefined)];
  return names
    .filter((name) => alert.labels[name] !== undefined)
    .map((name) => ({ name, value: alert.labels[name] as string }));
}
