import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { databaseClientDashboard } from './boards/database-client';
import { exporterHealthDashboard } from './boards/exporter-health';
import { hostDashboard } from './boards/host';
import { loadTestsDashboard } from './boards/load-tests';
import { nodejsRuntimeDashboard } from './boards/nodejs-runtime';
import { postgresServerDashboard } from './boards/postgres-server';
import { routeDrilldownDashboard } from './boards/route-drilldown';
import { sloOverviewDashboard } from './boards/slo-overview';
import { webVitalsDashboard } from './boards/web-vitals';
import { sloThresholds, type SloThresholds } from './kit/slo-thresholds';

/** Every Perflens dashboard, thresholds from the SLO file. */
export function allDashboards(thresholds: SloThresholds = sloThresholds()): dashboard.Dashboard[] {
  return [
    sloOverviewDashboard(thresholds),
    routeDrilldownDashboard(thresholds),
    databaseClientDashboard(),
    postgresServerDashboard(),
    nodejsRuntimeDashboard(),
    hostDashboard(),
    webVitalsDashboard(),
    loadTestsDashboard(thresholds),
    exporterHealthDashboard(),
  ];
}
