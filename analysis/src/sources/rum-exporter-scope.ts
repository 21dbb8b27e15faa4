import { FRONTEND_PAGE_BYTES, WEB_VITAL_METRICS } from '@perflens/conventions';
import type { ScopeTargets } from './analysis-scope';
import { hostOf } from './instance-names';

/**
 * Which exporters' real-user and served-asset series belong to the analysed service. An exporter's /rum
 * takes beacons from whichever pages are configured to send them, so RUM series carry the exporter's
 * `instance`, not the service's `job`; on a Prometheus shared by several services, every site's pages
 * would otherwise be judged in every service's report.
 */

/** Metrics the front-end layer reads: the beacon histograms and the published asset gauges. */
export const FRONTEND_METRIC = /^perflens_(web_vitals|frontend)_/;

/** The exporter instances with RUM or asset series in the range. */
export function rumInstancesQuery(range: string): string {
  return `count by (instance) (last_over_time(${WEB_VITAL_METRICS.TTFB}_count[${range}])) or count by (instance) (last_over_time(${FRONTEND_PAGE_BYTES}[${range}]))`;
}

/**
 * Decides the RUM exporters of the job: configured ones win; else the exporters on the job's own hosts (an
 * exporter beside the service, as `perflens up` runs it); else every one, and the note says how to choose.
 */
export function rumExporterTargets(input: {
  job: string;
  configured?: readonly string[];
  configuredFrom?: string;
  hasSeries: boolean;
  jobHosts: readonly string[];
  rumInstances: readonly string[];
  failed?: string;
}): ScopeTargets {
  const list = (names: readonly string[]) => (names.length === 0 ? 'none' : names.join(', '));
  if (input.configured)
    return {
      names: [...input.configured],
      source: 'configured',
      note: `${list(input.configured)} (${input.configuredFrom ?? 'configured'})`,
    };
  if (!input.hasSeries) return { names: [], source: 'none', note: `none: job "${input.job}" has no series` };
  const own = new Set(input.jobHosts);
  const mapped = input.rumInstances.filter((instance) => own.has(hostOf(instance)));
  if (mapped.length > 0)
    return {
      names: mapped,
      source: 'labels',
      note: `${list(mapped)} (the exporters on the job's hosts: ${list(input.jobHosts)})`,
    };
  const why =
    input.failed ??
    (input.rumInstances.length === 0
      ? 'no exporter has real-user or asset series'
      : `no exporter with real-user or asset series (${list(input.rumInstances)}) is on the job's hosts (${list(input.jobHosts)})`);
  return {
    source: 'all',
    note: `every exporter in Prometheus: ${why}; set --rum-exporters or scope.rumExporters`,
  };
}
