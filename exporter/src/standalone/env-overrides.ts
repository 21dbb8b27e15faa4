/**
 * Environment variables that override config fields, for containers and secrets managers. Each names
 * one field; the value replaces what the file says. Documented in docs/exporter.md.
 */
export const ENV_OVERRIDES = [
  { env: 'PERFLENS_EXPORTER_HOST', path: ['server', 'host'], type: 'string' },
  { env: 'PERFLENS_EXPORTER_PORT', path: ['server', 'port'], type: 'number' },
  { env: 'PERFLENS_EXPORTER_METRICS_TOKEN', path: ['server', 'metricsBearerToken'], type: 'string' },
  { env: 'PERFLENS_EXPORTER_METRICS_TOKEN_FILE', path: ['server', 'metricsBearerTokenFile'], type: 'string' },
  { env: 'PERFLENS_EXPORTER_LOG_LEVEL', path: ['logging', 'level'], type: 'string' },
  { env: 'PERFLENS_EXPORTER_HOST_COLLECTOR', path: ['host', 'enabled'], type: 'boolean' },
  { env: 'PERFLENS_EXPORTER_POSTGRES_DSN', path: ['postgres', 'databases'], type: 'dsn' },
  { env: 'PERFLENS_EXPORTER_POSTGRES_DSN_FILE', path: ['postgres', 'databases'], type: 'dsnFile' },
  { env: 'PERFLENS_EXPORTER_RUM', path: ['rum', 'enabled'], type: 'boolean' },
  { env: 'PERFLENS_EXPORTER_RUM_ALLOWED_ORIGINS', path: ['rum', 'allowedOrigins'], type: 'list' },
] as const;

function convert(type: (typeof ENV_OVERRIDES)[number]['type'], raw: string): unknown {
  switch (type) {
    case 'number':
      return raw.trim() === '' ? Number.NaN : Number(raw);
    case 'boolean':
      // Anything else stays a string, so the schema reports "expected boolean" with the variable's name.
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'dsn':
      return [{ dsn: raw }];
    case 'dsnFile':
      return [{ dsnFile: raw }];
    default:
      return raw;
  }
}

/**
 * Applies the overrides present in `env` to the parsed YAML (mutating it) and returns, for error
 * messages, which dotted field paths came from which variable.
 */
export function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Map<string, string> {
  const origins = new Map<string, string>();
  for (const override of ENV_OVERRIDES) {
    const value = env[override.env];
    if (value === undefined) continue;
    let node = raw;
    for (const key of override.path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[override.path[override.path.length - 1]!] = convert(override.type, value);
    origins.set(override.path.join('.'), override.env);
  }
  return origins;
}
