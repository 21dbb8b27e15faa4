import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ALERTMANAGER_CONFIG, ALERTMANAGER_TEMPLATES } from '../../src/alertmanager/alertmanager-paths';

/** Where the production configuration expects its secret files (provisioning/alertmanager/README.md). */
const PRODUCTION_SECRETS_DIR = '/etc/alertmanager/secrets';

/** What the test puts in place of the production endpoints and secrets. */
export interface TestEndpoints {
  /** Secret file name (as in the production config) -> exact content: webhook URLs and the SMTP password. */
  secrets: Record<string, string>;
  /** host:port of the local SMTP sink. */
  smarthost: string;
}

/** The rewritten configuration, and how to remove the secret files written for it. */
export interface TestAlertmanagerConfig {
  config: Record<string, unknown>;
  /** Removes the secret files. */
  remove(): void;
}

/**
 * Notification timing for the test: group_wait and group_interval of 1 s make a page go out a second after
 * it reaches Alertmanager and a resolved one a second after it resolves. repeat_interval stays long on
 * purpose: a repeat must not be able to stand in for the retry of a failed delivery.
 */
const TEST_TIMING = { group_wait: '1s', group_interval: '1s', repeat_interval: '1h' };

/** provisioning/alertmanager/alertmanager.yml as an object. */
export function productionAlertmanagerConfig(): Record<string, unknown> & {
  global: Record<string, unknown>;
} {
  const config = parse(readFileSync(ALERTMANAGER_CONFIG, 'utf8')) as Record<string, unknown>;
  return { ...config, global: (config.global ?? {}) as Record<string, unknown> };
}

type Route = Record<string, unknown> & { routes?: Route[] };

function retime(route: Route, isRoot: boolean): void {
  for (const [key, value] of Object.entries(TEST_TIMING)) {
    if (isRoot || key in route) route[key] = value;
  }
  for (const child of route.routes ?? []) retime(child, false);
}

/**
 * Replaces every `*_file` path under the production secrets folder with a file in `secretsDir`. A secret
 * the test does not provide is an error naming it, so a new secret in the production config cannot
 * silently point at a missing file.
 */
function relocateSecrets(node: unknown, secretsDir: string, provided: Record<string, string>): void {
  if (Array.isArray(node)) {
    for (const item of node) relocateSecrets(item, secretsDir, provided);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (
      key.endsWith('_file') &&
      typeof value === 'string' &&
      value.startsWith(`${PRODUCTION_SECRETS_DIR}/`)
    ) {
      const name = path.basename(value);
      if (!(name in provided)) {
        throw new Error(
          `${ALERTMANAGER_CONFIG}: ${key} reads ${value}, which the end-to-end test does not provide`,
        );
      }
      record[key] = path.join(secretsDir, name);
    } else {
      relocateSecrets(value, secretsDir, provided);
    }
  }
}

/**
 * The production provisioning/alertmanager/alertmanager.yml, rewritten in memory for a local run: secret
 * files written to a temporary folder (webhook URLs of the local Slack receiver, the SMTP password), the
 * local SMTP sink without TLS, short grouping timers, and the production templates loaded from their
 * folder as they are. Routing, receivers, inhibition and message fields stay as in production.
 */
export function testAlertmanagerConfig(endpoints: TestEndpoints): TestAlertmanagerConfig {
  const config = productionAlertmanagerConfig();
  const secretsDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-e2e-secrets-'));
  try {
    for (const [name, content] of Object.entries(endpoints.secrets)) {
      writeFileSync(path.join(secretsDir, name), content, { mode: 0o600 });
    }
    relocateSecrets(config.receivers, secretsDir, endpoints.secrets);
    config.global = { ...config.global, smtp_smarthost: endpoints.smarthost, smtp_require_tls: false };
    config.templates = [ALERTMANAGER_TEMPLATES];
    retime(config.route as Route, true);
  } catch (error) {
    rmSync(secretsDir, { recursive: true, force: true });
    throw error;
  }
  return { config, remove: () => rmSync(secretsDir, { recursive: true, force: true }) };
}
