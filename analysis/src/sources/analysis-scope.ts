import { DB_STATEMENT_INFO, type Matcher, promDuration, quote, regexLiteral } from '@perflens/conventions';
import { hostOf, instanceMatcher } from './instance-names';
import { PrometheusQueryError, type PrometheusClient } from './prometheus-client';
import { FRONTEND_METRIC, rumExporterTargets, rumInstancesQuery } from './rum-exporter-scope';

export { hostOf };

/** What to analyse: one service (Prometheus `job`) over one time range, optionally one k6 test run. */
export interface AnalysisScope {
  /** Prometheus `job` of the service (the SLO file's `job`). */
  job: string;
  /** End of the analysed range, unix seconds; every query is evaluated at this instant. */
  endSeconds: number;
  /** Length of the analysed range; rates and *_over_time read this window. */
  rangeSeconds: number;
  /** k6 `testid` of a load test to judge (load-test checks run only with it). */
  testid?: string;
  /** k6 `testid` of the run to compare against (regression check). */
  baselineTestid?: string;
  /** How far back load-test series are searched for, default 30 days. */
  loadTestLookbackSeconds?: number;
  /**
   * PostgreSQL databases (`datname`) the postgres layer reads; absent: every database in Prometheus. Set by
   * {@link resolveScope} (configured, or the databases the job's own statements run in).
   */
  databases?: readonly string[];
  /** Hosts the host layer reads: node metrics' `instance`, or its host name without port; absent: every host. */
  hosts?: readonly string[];
  /** Exporters (`instance`, or host name) whose RUM and asset series the front-end layer reads; absent: all. */
  rumExporters?: readonly string[];
}

/** The analysed range as a PromQL range, e.g. `15m`. */
export function scopeRange(scope: AnalysisScope): string {
  return promDuration(scope.rangeSeconds);
}

/** Databases and hosts a user configured for the job (`--databases`, `--hosts`, the config's `scope`). */
export interface ScopeTargetsConfig {
  databases?: readonly string[];
  hosts?: readonly string[];
  rumExporters?: readonly string[];
  /** Where each list came from, for the report: `--databases`, `perflens.json scope.databases`. */
  databasesFrom?: string;
  hostsFrom?: string;
  rumExportersFrom?: string;
}

/**
 * The databases or the hosts a layer read, and why: `configured` by the user, mapped from the job's own
 * `labels`, `all` because nothing maps the job to any, or `none` because the job has no series.
 */
export interface ScopeTargets {
  /** Absent when `source` is `all`: the layer read every one Prometheus has. */
  names?: string[];
  source: 'configured' | 'labels' | 'all' | 'none';
  /** One sentence for the report. */
  note: string;
}

/** Which SLO file the thresholds came from, as the caller that read it (the CLI) reports it. */
export interface SloUse {
  /** The file considered (given, or found in the working directory); absent when there was none. */
  file?: string;
  /** Whether its objectives were applied (a service of the file has the analysed job). */
  applied: boolean;
  note: string;
}

/** What the analysis ran on, said in every report format. */
export interface ScopeReport {
  job: string;
  /** The job's instances with series in the range; empty when the job has none. */
  instances: string[];
  databases: ScopeTargets;
  hosts: ScopeTargets;
  /** Absent in reports of engines before it was scoped. */
  rumExporters?: ScopeTargets;
  slo?: SloUse;
  /** Things the user must know (the job has no series); the CLI repeats them on stderr. */
  warnings: string[];
}

export type ScopeQueryName =
  'instances' | 'databases' | 'databaseInstances' | 'hostInstances' | 'rumInstances';

/**
 * The five queries that map a job to what it uses: its instances (any series of the job in the range), the
 * databases whose exported statement texts (perflens_pg_statement_info, by the exporter) are statements the job's
 * instrumentation ran (perflens_db_statement_info, same normalized text), the exporter instances that report
 * each database (pg_up: the exporter runs on or beside the database's host), the hosts with node metrics, and
 * the exporters with real-user or asset series (rum-exporter-scope.ts).
 */
export function scopeQueries(scope: AnalysisScope): Record<ScopeQueryName, string> {
  const r = scopeRange(scope);
  const job = quote(scope.job);
  const jobTexts = `label_replace(last_over_time(${DB_STATEMENT_INFO}{job=${job}}[${r}]), "query", "$1", "db_query_text", "(.*)")`;
  return {
    instances: `count by (instance) (last_over_time({job=${job}}[${r}]))`,
    databases: `count by (datname) (group by (datname, query) (last_over_time(perflens_pg_statement_info[${r}])) * on (query) group_left () group by (query) (${jobTexts}))`,
    databaseInstances: `count by (instance, datname) (last_over_time(pg_up[${r}]))`,
    hostInstances: `count by (instance) (last_over_time(node_memory_MemTotal_bytes[${r}]))`,
    rumInstances: rumInstancesQuery(r),
  };
}

const labelValues = (series: ReadonlyArray<{ labels: Readonly<Record<string, string>> }>, label: string) =>
  [...new Set(series.map((s) => s.labels[label] ?? '').filter((v) => v !== ''))].sort();

const list = (names: readonly string[]) => (names.length === 0 ? 'none' : names.join(', '));

/**
 * Maps the job to its databases and hosts (configured lists win; else the job's labels; else every one, and
 * the report says so) and returns the scope the postgres and host layers read. A job without series in the
 * range maps to nothing: its report must not fill up with other services' databases and hosts.
 */
export async function resolveScope(
  client: PrometheusClient,
  scope: AnalysisScope,
  configured: ScopeTargetsConfig = {},
): Promise<{ scope: AnalysisScope; report: ScopeReport }> {
  const queries = scopeQueries(scope);
  const read = async (name: ScopeQueryName) => {
    try {
      return { series: await client.query(queries[name], scope.endSeconds) };
    } catch (error) {
      if (!(error instanceof PrometheusQueryError)) throw error;
      return { series: [], failed: error.message.split('\n')[0] };
    }
  };
  const [instancesRead, databasesRead, databaseInstancesRead, hostsRead, rumRead] = await Promise.all([
    read('instances'),
    read('databases'),
    read('databaseInstances'),
    read('hostInstances'),
    read('rumInstances'),
  ]);
  const instances = labelValues(instancesRead.series, 'instance');
  const hasSeries = instances.length > 0 || instancesRead.failed !== undefined;
  const range = scopeRange(scope);
  const warnings: string[] = [];
  if (!hasSeries)
    warnings.push(
      `job "${scope.job}" has no series in the ${range} up to ${isoTime(scope.endSeconds)}: check --job and the time range`,
    );

  const noSeries: ScopeTargets = {
    names: [],
    source: 'none',
    note: `none: job "${scope.job}" has no series`,
  };
  let databases: ScopeTargets;
  const mappedDatabases = labelValues(databasesRead.series, 'datname');
  if (configured.databases) {
    databases = {
      names: [...configured.databases],
      source: 'configured',
      note: `${list(configured.databases)} (${configured.databasesFrom ?? 'configured'})`,
    };
  } else if (!hasSeries) {
    databases = noSeries;
  } else if (mappedDatabases.length > 0) {
    databases = {
      names: mappedDatabases,
      source: 'labels',
      note: `${list(mappedDatabases)} (the databases whose statements the job runs: perflens_db_statement_info joined with the exporter's perflens_pg_statement_info)`,
    };
  } else {
    databases = {
      source: 'all',
      note: `every database in Prometheus: no metric maps job "${scope.job}" to one (${databasesRead.failed ?? 'no statement of the job in perflens_db_statement_info matches perflens_pg_statement_info'}); set --databases or scope.databases`,
    };
  }

  let hosts: ScopeTargets;
  // The job's own hosts, and the hosts its databases are reported from: a busy database server slows the job.
  const jobHosts = [...new Set(instances.map(hostOf))].sort();
  const databaseHosts = [
    ...new Set(
      databaseInstancesRead.series
        .filter((s) => !databases.names || databases.names.includes(s.labels.datname ?? ''))
        .map((s) => hostOf(s.labels.instance ?? '')),
    ),
  ].sort();
  const ownHosts = new Set([...jobHosts, ...databaseHosts]);
  const nodeInstances = labelValues(hostsRead.series, 'instance');
  const mappedHosts = nodeInstances.filter((instance) => ownHosts.has(hostOf(instance)));
  const hostsWhy = `the job's hosts: ${list(jobHosts)}; its databases' hosts: ${list(databaseHosts)}`;
  if (configured.hosts) {
    hosts = {
      names: [...configured.hosts],
      source: 'configured',
      note: `${list(configured.hosts)} (${configured.hostsFrom ?? 'configured'})`,
    };
  } else if (!hasSeries) {
    hosts = noSeries;
  } else if (mappedHosts.length > 0) {
    hosts = {
      names: mappedHosts,
      source: 'labels',
      note: `${list(mappedHosts)} (node metrics on ${hostsWhy})`,
    };
  } else {
    hosts = {
      source: 'all',
      note: `every host in Prometheus: ${nodeInstances.length === 0 ? 'none has node metrics' : `no node metrics' instance (${list(nodeInstances)}) is on ${hostsWhy}`}; set --hosts or scope.hosts`,
    };
  }

  const rumExporters = rumExporterTargets({
    job: scope.job,
    configured: configured.rumExporters,
    configuredFrom: configured.rumExportersFrom,
    hasSeries,
    jobHosts,
    rumInstances: labelValues(rumRead.series, 'instance'),
    failed: rumRead.failed,
  });

  return {
    scope: {
      ...scope,
      ...(databases.names ? { databases: databases.names } : {}),
      ...(hosts.names ? { hosts: hosts.names } : {}),
      ...(rumExporters.names ? { rumExporters: rumExporters.names } : {}),
    },
    report: { job: scope.job, instances, databases, hosts, rumExporters, warnings },
  };
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The `datname` matcher of the scope's databases; undefined when every database is read. */
export function databaseMatcher(scope: Pick<AnalysisScope, 'databases'>): Matcher | undefined {
  return scope.databases && { regex: scope.databases.map(regexLiteral).join('|') };
}

/** The `instance` matcher of the scope's hosts (with or without a port); undefined when every host is read. */
export function hostMatcher(scope: Pick<AnalysisScope, 'hosts'>): Matcher | undefined {
  return scope.hosts && instanceMatcher(scope.hosts);
}

// PostgreSQL metrics without a datname label: server-wide settings and replication state.
const SERVER_WIDE_PG_METRIC = /^pg_(settings|replication)_/;
const PG_METRIC = /^(perflens_)?pg_/;

/** The postgres queries restricted to the scope's databases: `datname=~"…"` on every per-database metric. */
export function scopedToDatabases<K extends string>(
  scope: AnalysisScope,
  queries: Readonly<Record<K, string>>,
): Record<K, string> {
  const matcher = databaseMatcher(scope);
  return mapValues(queries, (expr) =>
    matcher === undefined
      ? expr
      : addMatcher(expr, (m) => PG_METRIC.test(m) && !SERVER_WIDE_PG_METRIC.test(m), 'datname', matcher),
  );
}

/** The host queries restricted to the scope's hosts: `instance=~"…"` on every node_exporter metric. */
export function scopedToHosts<K extends string>(
  scope: AnalysisScope,
  queries: Readonly<Record<K, string>>,
): Record<K, string> {
  const matcher = hostMatcher(scope);
  return mapValues(queries, (expr) =>
    matcher === undefined ? expr : addMatcher(expr, (m) => m.startsWith('node_'), 'instance', matcher),
  );
}

/** The front-end queries restricted to the scope's RUM exporters: `instance=~"…"` on every RUM metric. */
export function scopedToRumExporters<K extends string>(
  scope: AnalysisScope,
  queries: Readonly<Record<K, string>>,
): Record<K, string> {
  const matcher = scope.rumExporters && instanceMatcher(scope.rumExporters);
  return mapValues(queries, (expr) =>
    matcher === undefined ? expr : addMatcher(expr, (m) => FRONTEND_METRIC.test(m), 'instance', matcher),
  );
}

function mapValues<K extends string>(
  record: Readonly<Record<K, string>>,
  map: (value: string) => string,
): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(record).map(([k, v]) => [k, map(v)])) as Record<K, string>;
}

function matcherText(label: string, matcher: Matcher): string {
  if (typeof matcher === 'string') return `${label}=${quote(matcher)}`;
  if ('regex' in matcher) return `${label}=~${quote(matcher.regex)}`;
  if ('not' in matcher) return `${label}!=${quote(matcher.not)}`;
  return `${label}!~${quote(matcher.notRegex)}`;
}

/**
 * Adds `label<op>"value"` to every selector of a metric `applies` to, in a PromQL expression: inside its
 * `{…}` when it has one, as a new `{…}` otherwise. Strings and function names (an identifier before `(`) are
 * left alone, so label_replace's arguments and rate( are not touched. One place that scopes every query of a
 * layer, including queries added later.
 */
export function addMatcher(
  expr: string,
  applies: (metric: string) => boolean,
  label: string,
  matcher: Matcher,
): string {
  const added = matcherText(label, matcher);
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const char = expr[i] as string;
    if (char === '"' || char === "'" || char === '`') {
      const end = stringEnd(expr, i);
      out += expr.slice(i, end);
      i = end;
      continue;
    }
    const identifier = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(i))?.[0];
    if (!identifier || /[a-zA-Z0-9_:.]/.test(expr[i - 1] ?? '')) {
      out += char;
      i += 1;
      continue;
    }
    out += identifier;
    i += identifier.length;
    let next = i;
    while (expr[next] === ' ') next += 1;
    if (expr[next] === '(' || !applies(identifier)) continue;
    if (expr[next] === '{') {
      const close = braceEnd(expr, next);
      const inside = expr.slice(next + 1, close).trim();
      out += `${expr.slice(i, next)}{${inside === '' ? added : `${inside},${added}`}}`;
      i = close + 1;
    } else {
      out += `{${added}}`;
    }
  }
  return out;
}

/** Index just past the string literal starting at `start` (PromQL's ", ' and ` strings). */
function stringEnd(expr: string, start: number): number {
  const quoteChar = expr[start];
  let i = start + 1;
  while (i < expr.length && expr[i] !== quoteChar) i += expr[i] === '\\' && quoteChar !== '`' ? 2 : 1;
  return Math.min(i + 1, expr.length);
}

/** Index of the `}` closing the selector that opens at `open`, skipping strings inside it. */
function braceEnd(expr: string, open: number): number {
  let i = open + 1;
  while (i < expr.length && expr[i] !== '}') {
    i = expr[i] === '"' || expr[i] === "'" || expr[i] === '`' ? stringEnd(expr, i) : i + 1;
  }
  return i;
}
