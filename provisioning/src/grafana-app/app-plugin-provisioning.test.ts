import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  APP_PROVISIONING_FILE,
  appSettingsFromSloFile,
  isAppProvisioningStale,
  provisionedJsonData,
  renderAppProvisioning,
} from './app-plugin-provisioning';

describe("the app's provisioning file", () => {
  it('is committed exactly as the SLO file generates it (npm run dashboards -w provisioning)', () => {
    expect(isAppProvisioningStale()).toBe(false);
  });

  it("gives the app the SLO file's jobs and objectives, latency thresholds included", () => {
    const settings = appSettingsFromSloFile();
    expect(settings.jobs).toEqual(['demo-api']);
    expect(settings.sloObjectives.map((slo) => [slo.id, slo.kind, slo.thresholdSeconds])).toEqual([
      ['demo-api-availability', 'availability', undefined],
      ['demo-api-latency', 'latency', 0.25],
      ['demo-api-checkout-latency', 'latency', 1],
    ]);
  });

  it('reads the same jsonData as YAML (what Grafana reads) and as the JSON after `jsonData:`', () => {
    const text = readFileSync(APP_PROVISIONING_FILE, 'utf8');
    const yaml = parse(text, { strict: true }) as { apps: Array<{ type: string; jsonData: unknown }> };
    expect(yaml.apps.map((app) => app.type)).toEqual(['perflens-insights-app']);
    expect(yaml.apps[0]?.jsonData).toEqual(provisionedJsonData(text));
    expect(yaml.apps[0]?.jsonData).toEqual(JSON.parse(JSON.stringify(appSettingsFromSloFile())));
  });

  it('changes when the SLO file changes, so a stale file is caught', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-app-provisioning-'));
    try {
      const sloFile = path.join(dir, 'slo.yaml');
      writeFileSync(
        sloFile,
        readFileSync(path.resolve(__dirname, '../../../alert-rules/slo.yaml'), 'utf8').replace(
          'thresholdSeconds: 0.25',
          'thresholdSeconds: 0.5',
        ),
      );
      expect(renderAppProvisioning(sloFile)).not.toBe(renderAppProvisioning());
      expect(isAppProvisioningStale(APP_PROVISIONING_FILE, sloFile)).toBe(true);
      const latency = appSettingsFromSloFile(sloFile).sloObjectives.find(
        (slo) => slo.id === 'demo-api-latency',
      );
      expect(latency?.thresholdSeconds).toBe(0.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
