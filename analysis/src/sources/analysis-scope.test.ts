import {
  addMatcher,
  hostMatcher,
  hostOf,
  scopedToDatabases,
  scopedToHosts,
  scopedToRumExporters,
} from './analysis-scope';
import { rumExporterTargets } from './rum-exporter-scope';

const isPg = (metric: string) => metric.startsWith('pg_');

describe('addMatcher', () => {
  it.each([
    ['a bare metric gets a selector', 'rate(pg_x_total[5m])', 'rate(pg_x_total{datname=~"shop"}[5m])'],
    [
      'an existing selector gets one more matcher',
      'avg_over_time(pg_waiting{wait_event_type="Lock"}[5m])',
      'avg_over_time(pg_waiting{wait_event_type="Lock",datname=~"shop"}[5m])',
    ],
    ['an empty selector', 'pg_x{}', 'pg_x{datname=~"shop"}'],
    [
      'every metric of a binary expression, labels in by() left alone',
      'sum by (datname, queryid) (rate(pg_a[1m])) + sum by (datname) (pg_b)',
      'sum by (datname, queryid) (rate(pg_a{datname=~"shop"}[1m])) + sum by (datname) (pg_b{datname=~"shop"})',
    ],
    [
      'strings, other metrics and a "}" inside a matcher value are left alone',
      'label_replace(pg_a{q="a}pg_b"}, "x", "pg_c", "y", "(.*)") * on (q) other_metric',
      'label_replace(pg_a{q="a}pg_b",datname=~"shop"}, "x", "pg_c", "y", "(.*)") * on (q) other_metric',
    ],
    [
      'a subquery',
      'max_over_time(sum by (datname) (pg_a)[15m:1m])',
      'max_over_time(sum by (datname) (pg_a{datname=~"shop"})[15m:1m])',
    ],
  ])('%s', (_title, expr, expected) => {
    expect(addMatcher(expr, isPg, 'datname', { regex: 'shop' })).toBe(expected);
  });
});

describe('the scope of the postgres and host queries', () => {
  const scope = { job: 'bookings', endSeconds: 0, rangeSeconds: 900 };

  it('is every database and host when the scope names none', () => {
    const queries = { a: 'rate(pg_stat_statements_calls_total[15m])', b: 'node_load1' };
    expect(scopedToDatabases(scope, queries)).toEqual(queries);
    expect(scopedToHosts(scope, queries)).toEqual(queries);
  });

  it('filters per-database metrics by datname, not server-wide settings', () => {
    expect(
      scopedToDatabases(
        { ...scope, databases: ['bookings', 'bookings.archive'] },
        {
          statements: 'sum by (datname, queryid) (rate(pg_stat_statements_calls_total[15m]))',
          sessions: 'max(perflens_pg_idle_in_transaction_seconds_max)',
          settings: 'max(pg_settings_max_connections)',
        },
      ),
    ).toEqual({
      statements:
        'sum by (datname, queryid) (rate(pg_stat_statements_calls_total{datname=~"bookings|bookings\\\\.archive"}[15m]))',
      sessions: 'max(perflens_pg_idle_in_transaction_seconds_max{datname=~"bookings|bookings\\\\.archive"})',
      settings: 'max(pg_settings_max_connections)',
    });
  });

  it('filters node metrics by instance, with or without a port', () => {
    expect(
      scopedToHosts(
        { ...scope, hosts: ['db-1:9100', 'app-2'] },
        { cpu: 'rate(node_cpu_seconds_total[15m])' },
      ),
    ).toEqual({ cpu: 'rate(node_cpu_seconds_total{instance=~"(?:db-1|app-2)(?::[0-9]+)?"}[15m])' });
  });

  it('reads nothing for an empty list (a job without series)', () => {
    expect(hostMatcher({ hosts: [] })).toEqual({ regex: '' });
    expect(scopedToDatabases({ ...scope, databases: [] }, { a: 'pg_up' })).toEqual({
      a: 'pg_up{datname=~""}',
    });
  });

  it.each([
    ['db-1:9100', 'db-1'],
    ['10.0.0.7:3000', '10.0.0.7'],
    ['[::1]:9100', '[::1]'],
    ['db-1', 'db-1'],
  ])('the host of %s is %s', (instance, host) => {
    expect(hostOf(instance)).toBe(host);
  });
});

describe('the RUM exporters of a job', () => {
  const base = { job: 'bookings', hasSeries: true, jobHosts: ['api-1'] };

  it('are the exporters on its hosts; else every one, saying how to choose', () => {
    expect(rumExporterTargets({ ...base, rumInstances: ['api-1:9464', 'web-2:9464'] })).toMatchObject({
      names: ['api-1:9464'],
      source: 'labels',
    });
    expect(rumExporterTargets({ ...base, rumInstances: ['web-2:9464'] })).toEqual({
      source: 'all',
      note: "every exporter in Prometheus: no exporter with real-user or asset series (web-2:9464) is on the job's hosts (api-1); set --rum-exporters or scope.rumExporters",
    });
  });

  it('scope the beacon and asset metrics by instance, nothing else', () => {
    const queries = {
      lcp: 'histogram_quantile(0.75, sum by (page, le) (rate(perflens_web_vitals_lcp_seconds_bucket[15m])))',
      bytes: 'max by (page) (last_over_time(perflens_frontend_page_bytes[15m]))',
      other: 'sum(rate(http_server_request_duration_seconds_count[15m]))',
    };
    const scoped = scopedToRumExporters(
      { job: 'bookings', endSeconds: 0, rangeSeconds: 900, rumExporters: ['web-1'] },
      queries,
    );
    expect(scoped.lcp).toContain('perflens_web_vitals_lcp_seconds_bucket{instance=~"(?:web-1)(?::[0-9]+)?"}');
    expect(scoped.bytes).toContain('perflens_frontend_page_bytes{instance=~"(?:web-1)(?::[0-9]+)?"}');
    expect(scoped.other).toBe(queries.other);
  });
});
