import { requestJson } from '@perflens/supervisor';

/** An alert as a client posts it to /api/v2/alerts (Alertmanager OpenAPI spec, postableAlert). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** An alert as /api/v2/alerts returns it (gettableAlert). */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  receivers: Array<{ name: string }>;
  status: { state: 'unprocessed' | 'active' | 'suppressed'; silencedBy: string[]; inhibitedBy: string[] };
}

/** A silence matcher (matcher in the OpenAPI spec). */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

/** A silence as /api/v2/silences returns it (gettableSilence). */
export interface GettableSilence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'expired' | 'active' | 'pending' };
}

/** Typed calls to the parts of the Alertmanager API v2 that tests use. */
export class AlertmanagerApi {
  constructor(readonly url: string) {}

  /** Alerts Alertmanager currently holds, with their routing receivers and silence/inhibition status. */
  alerts(): Promise<GettableAlert[]> {
    return requestJson('GET', `${this.url}/api/v2/alerts`);
  }

  /** Sends alerts the way Prometheus does; Alertmanager answers 200 with an empty body. */
  async postAlerts(alerts: PostableAlert[]): Promise<void> {
    await requestJson('POST', `${this.url}/api/v2/alerts`, alerts);
  }

  /** All silences, including expired ones. */
  silences(): Promise<GettableSilence[]> {
    return requestJson('GET', `${this.url}/api/v2/silences`);
  }
}
