import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppSettings } from '../src/shared/app-settings';

/** Grafana's provisioning file for the app, generated from alert-rules/slo.yaml by provisioning/src/grafana-app. */
export const APP_PROVISIONING_FILE = path.join(
  __dirname,
  '..',
  '..',
  'provisioning',
  'grafana',
  'plugins',
  'perflens-insights-app.yaml'
);

/**
 * The app's jsonData exactly as provisioned. The generator writes it as JSON (a YAML flow mapping) after
 * `jsonData:`, last in the file, and its own test checks that a YAML parser reads the same; the plugin has no
 * YAML parser, so it reads that JSON.
 */
export function provisionedAppSettings(file = APP_PROVISIONING_FILE): Partial<AppSettings> {
  const text = readFileSync(file, 'utf8');
  const marker = '\n    jsonData: ';
  const start = text.indexOf(marker);
  if (start < 0) {
    throw new Error(`${file}: no "jsonData:" entry (regenerate it: npm run dashboards -w provisioning)`);
  }
  return JSON.parse(text.slice(start + marker.length)) as Partial<AppSettings>;
}
