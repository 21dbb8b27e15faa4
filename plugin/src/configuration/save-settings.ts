import { lastValueFrom } from 'rxjs';
import type { BackendSrv } from '@grafana/runtime';
import type { AppSettings } from '../shared/app-settings';

/** What the Configuration page saves: jsonData, and the exporter token only when it was typed anew. */
export interface SettingsUpdate {
  enabled: boolean;
  pinned: boolean;
  jsonData: AppSettings;
  exporterToken?: string;
}

/**
 * POST /api/plugins/<id>/settings (Grafana HTTP API, plugin settings). secureJsonData is write-only: Grafana
 * stores it encrypted and only reports `secureJsonFields.exporterToken: true` back to the browser; the
 * `exporter` route in plugin.json adds it as a header on the server side.
 */
export async function saveSettings(backendSrv: BackendSrv, pluginId: string, update: SettingsUpdate): Promise<void> {
  await lastValueFrom(
    backendSrv.fetch({
      url: `/api/plugins/${pluginId}/settings`,
      method: 'POST',
      data: {
        enabled: update.enabled,
        pinned: update.pinned,
        jsonData: update.jsonData,
        ...(update.exporterToken !== undefined ? { secureJsonData: { exporterToken: update.exporterToken } } : {}),
      },
    })
  );
}
