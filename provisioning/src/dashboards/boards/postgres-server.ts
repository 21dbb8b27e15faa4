import { DASHBOARD_UIDS } from '@perflens/conventions';
import { buildDashboard } from '../kit/perflens-dashboard';
import { tablePanel, timeseriesPanel } from '../kit/panels';
import { labelVariable } from '../kit/variables';

const sel = 'instance=~"$instance",datname=~"$datname"';

/** PostgreSQL's own statistics (postgres_exporter names): connections, cache, tables, top statements. */
export function postgresServerDashboard() {
  return buildDashboard({
    uid: DASHBOARD_UIDS.postgres,
    title: 'Perflens / PostgreSQL',
    description:
      'Server side of PostgreSQL from the perflens exporter: activity, cache hit ratio, scans per table, top statements.',
    tags: ['database', 'postgres'],
    variables: [
      labelVariable('instance', 'instance', 'pg_up', { title: 'Instance' }),
      labelVariable('datname', 'datname', 'pg_up{instance=~"$instance"}', { title: 'Database' }),
    ],
    sections: [
      {
        title: 'Server',
        panels: [
          timeseriesPanel({
            title: 'Connections by state',
            description: 'Sessions per state; "idle in transaction" holds locks and connections.',
            unit: 'short',
            queries: [{ expr: `sum by (state) (pg_stat_activity_count{${sel}})`, legend: '{{state}}' }],
            width: 8,
          }),
          timeseriesPanel({
            title: 'Cache hit ratio',
            description: 'Blocks found in shared buffers; below 99 % reads go to disk.',
            unit: 'percentunit',
            queries: [
              {
                expr: `sum by (datname) (rate(pg_stat_database_blks_hit{${sel}}[$__rate_interval])) / (sum by (datname) (rate(pg_stat_database_blks_hit{${sel}}[$__rate_interval])) + sum by (datname) (rate(pg_stat_database_blks_read{${sel}}[$__rate_interval])))`,
                legend: '{{datname}}',
              },
            ],
            baseColor: 'red',
            thresholds: [
              [0.95, 'yellow'],
              [0.99, 'green'],
            ],
            width: 8,
          }),
          timeseriesPanel({
            title: 'Transactions per second',
            description: 'Commits and rollbacks.',
            unit: 'ops',
            queries: [
              {
                expr: `sum by (datname) (rate(pg_stat_database_xact_commit{${sel}}[$__rate_interval]))`,
                legend: 'commit {{datname}}',
              },
              {
                expr: `sum by (datname) (rate(pg_stat_database_xact_rollback{${sel}}[$__rate_interval]))`,
                legend: 'rollback {{datname}}',
              },
            ],
            width: 8,
          }),
        ],
      },
      {
        title: 'Tables and statements',
        panels: [
          timeseriesPanel({
            title: 'Sequential scans per table',
            description: 'A big table with many sequential scans usually lacks an index (see the advisor).',
            unit: 'ops',
            queries: [
              {
                expr: `sum by (relname) (rate(pg_stat_user_tables_seq_scan{${sel}}[$__rate_interval]))`,
                legend: '{{relname}}',
              },
            ],
          }),
          timeseriesPanel({
            title: 'Rows read by sequential scans',
            description: 'Rows per second read by sequential scans, per table.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (relname) (rate(pg_stat_user_tables_seq_tup_read{${sel}}[$__rate_interval]))`,
                legend: '{{relname}}',
              },
            ],
          }),
          tablePanel({
            title: 'Top statements by total time',
            description:
              'pg_stat_statements, top 10 by time spent over 5 minutes (queryid; the advisor shows the text).',
            unit: 's',
            queries: [
              {
                expr: `topk(10, sum by (datname, queryid) (rate(pg_stat_statements_seconds_total{${sel}}[5m])))`,
                legend: '{{queryid}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
