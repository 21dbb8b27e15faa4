import {
  DASHBOARD_UIDS,
  DB_CONNECTION_COUNT,
  DB_CONNECTION_MAX,
  DB_CONNECTION_PENDING,
  DB_CONNECTION_WAIT,
  DB_OPERATION_DURATION,
} from '@perflens/conventions';
import { dashboardUrl } from '../kit/dashboard-links';
import { buildDashboard } from '../kit/perflens-dashboard';
import { timeseriesPanel } from '../kit/panels';
import { labelVariable } from '../kit/variables';

const pool = 'job=~"$job",instance=~"$instance",db_client_connection_pool_name=~"$pool"';
const ops = 'job=~"$job",instance=~"$instance"';

/** The database as the service sees it: pool saturation and query latency by operation and table. */
export function databaseClientDashboard() {
  return buildDashboard({
    uid: DASHBOARD_UIDS.database,
    title: 'Perflens / Database',
    description:
      'Client side of PostgreSQL: connection pool use and waits, query latency by operation and table.',
    tags: ['database'],
    variables: [
      labelVariable('job', 'job', DB_CONNECTION_MAX, { title: 'Job' }),
      labelVariable('instance', 'instance', `${DB_CONNECTION_MAX}{job=~"$job"}`, { title: 'Instance' }),
      labelVariable('pool', 'db_client_connection_pool_name', `${DB_CONNECTION_MAX}{job=~"$job"}`, {
        title: 'Pool',
      }),
    ],
    sections: [
      {
        title: 'Connection pool',
        panels: [
          timeseriesPanel({
            title: 'Pool connections in use',
            description: 'Used connections as a share of the pool maximum; at 100 % requests queue.',
            unit: 'percentunit',
            queries: [
              {
                expr: `sum by (db_client_connection_pool_name) (${DB_CONNECTION_COUNT}{${pool},db_client_connection_state="used"}) / sum by (db_client_connection_pool_name) (${DB_CONNECTION_MAX}{${pool}})`,
                legend: '{{db_client_connection_pool_name}}',
              },
            ],
            thresholds: [
              [0.8, 'orange'],
              [1, 'red'],
            ],
            max: 1,
          }),
          timeseriesPanel({
            title: 'Requests waiting for a connection',
            description: 'Callers queued for a pool connection.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (db_client_connection_pool_name) (${DB_CONNECTION_PENDING}{${pool}})`,
                legend: '{{db_client_connection_pool_name}}',
              },
            ],
            thresholds: [[1, 'orange']],
          }),
          timeseriesPanel({
            title: 'Connection wait p95',
            description: 'Time to get a connection from the pool.',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.95, sum by (le, db_client_connection_pool_name) (rate(${DB_CONNECTION_WAIT}_bucket{${pool}}[$__rate_interval])))`,
                legend: '{{db_client_connection_pool_name}}',
              },
            ],
            thresholds: [[0.1, 'orange']],
          }),
        ],
      },
      {
        title: 'Queries',
        panels: [
          timeseriesPanel({
            title: 'Query p95 by operation and table',
            description: 'Client-side query latency (network included).',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.95, sum by (le, db_operation_name, db_collection_name) (rate(${DB_OPERATION_DURATION}_bucket{${ops}}[$__rate_interval])))`,
                legend: '{{db_operation_name}} {{db_collection_name}}',
              },
            ],
            links: [
              {
                title: 'PostgreSQL server',
                url: dashboardUrl(DASHBOARD_UIDS.postgres),
              },
            ],
          }),
          timeseriesPanel({
            title: 'Queries per second by operation',
            description:
              'Query rate by operation and outcome (error_type is the SQLSTATE, empty on success).',
            unit: 'ops',
            queries: [
              {
                expr: `sum by (db_operation_name, error_type) (rate(${DB_OPERATION_DURATION}_count{${ops}}[$__rate_interval]))`,
                legend: '{{db_operation_name}} {{error_type}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
