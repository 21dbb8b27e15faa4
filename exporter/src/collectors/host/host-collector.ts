import type { Registry } from 'prom-client';
import { registerScrapeMetrics } from '../scrape-metric';
import { ScrapeSnapshot } from '../scrape-snapshot';
import { hostMetrics } from './host-metrics';
import { readHostSnapshot, type HostSnapshot, type HostSources } from './host-snapshot';
import { DEFAULT_FS_TYPES_EXCLUDE, DEFAULT_MOUNT_POINTS_EXCLUDE } from './mounts';

export const HOST_COLLECTOR_NAME = 'host';

export interface HostCollectorOptions {
  procRoot?: string;
  /** Regular expressions, node_exporter's flags of the same meaning and defaults. */
  excludeMountPoints?: string;
  excludeFsTypes?: string;
  excludeNetworkDevices?: string;
  timeoutMs: number;
  statfs?: HostSources['statfs'];
}

/**
 * Registers node_exporter-compatible host metrics, read from /proc and statfs on every scrape. Returns
 * the snapshot so the caller can report the collector's success and duration. Switch it off where
 * node_exporter already runs: the same series from two jobs would double every dashboard's sums.
 */
export function registerHostCollector(
  registry: Registry,
  options: HostCollectorOptions,
): ScrapeSnapshot<HostSnapshot> {
  const sources: HostSources = {
    procRoot: options.procRoot ?? '/proc',
    excludeMountPoints: new RegExp(options.excludeMountPoints ?? DEFAULT_MOUNT_POINTS_EXCLUDE),
    excludeFsTypes: new RegExp(options.excludeFsTypes ?? DEFAULT_FS_TYPES_EXCLUDE),
    excludeNetworkDevices: options.excludeNetworkDevices
      ? new RegExp(options.excludeNetworkDevices)
      : undefined,
    statfs: options.statfs,
  };
  const snapshot = new ScrapeSnapshot(
    HOST_COLLECTOR_NAME,
    () => readHostSnapshot(sources),
    options.timeoutMs,
  );
  registerScrapeMetrics(registry, hostMetrics, async () => {
    const outcome = await snapshot.current();
    return outcome.ok ? [outcome.value] : [];
  });
  return snapshot;
}
