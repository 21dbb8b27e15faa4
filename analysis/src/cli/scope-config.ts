import type { ScopeTargetsConfig } from '../sources/analysis-scope';
import { ThresholdsConfigError } from '../thresholds/resolve-thresholds';
import { UsageError } from './analyze-options';

/** Keys of the config file's `scope` object. */
const SCOPE_KEYS = ['databases', 'hosts', 'rumExporters'] as const;
type ScopeKey = (typeof SCOPE_KEYS)[number];

// PostgreSQL identifiers and host names/instances: no quotes, spaces or regex syntax that would need escaping
// twice (they become label matchers).
const NAME = /^[A-Za-z0-9_.:[\]-]+$/;

function names(value: unknown, file: string, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new ThresholdsConfigError(file, field, 'must be a non-empty array of names');
  return value.map((item, index) => {
    if (typeof item !== 'string' || !NAME.test(item))
      throw new ThresholdsConfigError(
        file,
        `${field}[${index}]`,
        `must be a database or host name (letters, digits, _ . : - [ ]), got ${JSON.stringify(item)}`,
      );
    return item;
  });
}

/**
 * Splits the `--config` JSON into the threshold overrides and its optional `scope` (which databases and hosts
 * belong to the job), validating the scope: `{ "scope": { "databases": ["bookings"], "hosts": ["db-1"] } }`.
 */
export function splitScopeConfig(
  parsed: unknown,
  file: string,
): { thresholds: unknown; scope?: ScopeTargetsConfig } {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('scope' in parsed))
    return { thresholds: parsed };
  const { scope, ...thresholds } = parsed as Record<string, unknown>;
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope))
    throw new ThresholdsConfigError(
      file,
      'scope',
      'must be an object with "databases", "hosts" and/or "rumExporters"',
    );
  const targets: ScopeTargetsConfig = {};
  for (const [key, value] of Object.entries(scope)) {
    if (!(SCOPE_KEYS as readonly string[]).includes(key))
      throw new ThresholdsConfigError(
        file,
        `scope.${key}`,
        `unknown key; expected ${SCOPE_KEYS.join(' or ')}`,
      );
    const list = names(value, file, `scope.${key}`);
    const from = `${file} scope.${key}`;
    if ((key as ScopeKey) === 'databases') Object.assign(targets, { databases: list, databasesFrom: from });
    else if ((key as ScopeKey) === 'hosts') Object.assign(targets, { hosts: list, hostsFrom: from });
    else Object.assign(targets, { rumExporters: list, rumExportersFrom: from });
  }
  return { thresholds, scope: targets };
}

/** `--databases a,b` or `--hosts h1,h2`: a comma-separated list of names. */
export function parseNameList(flag: string, text: string): string[] {
  const list = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = list.find((name) => !NAME.test(name));
  if (list.length === 0 || bad !== undefined)
    throw new UsageError(
      `${flag} must be a comma-separated list of names (letters, digits, _ . : - [ ]), got "${text}"`,
    );
  return list;
}

/** The scope's databases, hosts and RUM exporters: flags win over the config file's `scope`, each list on its own. */
export function scopeTargetsFrom(
  flags: { databases?: string; hosts?: string; rumExporters?: string },
  fromConfig: ScopeTargetsConfig | undefined,
): ScopeTargetsConfig {
  const targets: ScopeTargetsConfig = { ...fromConfig };
  if (flags.databases !== undefined) {
    targets.databases = parseNameList('--databases', flags.databases);
    targets.databasesFrom = '--databases';
  }
  if (flags.hosts !== undefined) {
    targets.hosts = parseNameList('--hosts', flags.hosts);
    targets.hostsFrom = '--hosts';
  }
  if (flags.rumExporters !== undefined) {
    targets.rumExporters = parseNameList('--rum-exporters', flags.rumExporters);
    targets.rumExportersFrom = '--rum-exporters';
  }
  return targets;
}
