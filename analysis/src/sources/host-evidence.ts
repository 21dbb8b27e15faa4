import { type AnalysisScope, scopedToHosts, scopeRange } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { indexBy, labelKey, optional, runQuerySet } from './query-batch';

/** One host (node_exporter `instance`). */
export interface HostStats {
  instance: string;
  cpuBusyRatio?: number;
  /** Lowest MemAvailable / MemTotal seen in the range. */
  memoryAvailableRatio?: number;
  memoryTotalBytes?: number;
}

/** One mounted filesystem. */
export interface FilesystemStats {
  instance: string;
  mountpoint: string;
  availableRatio: number;
  sizeBytes?: number;
}

export type HostQueryName = 'cpuBusy' | 'memoryAvailable' | 'memoryTotal' | 'diskAvailable' | 'diskSize';

export interface HostEvidence {
  hosts: HostStats[];
  filesystems: FilesystemStats[];
  queries: Readonly<Record<HostQueryName, string>>;
}

// Pseudo and read-only image filesystems are always full or irrelevant (node-mixin's disk alerts exclude them too).
const REAL_FILESYSTEMS = 'fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs|devtmpfs"';

/** The host queries, restricted to the scope's hosts (the job's own, see analysis-scope.ts) when it names them. */
export function hostQueries(scope: AnalysisScope): Record<HostQueryName, string> {
  const r = scopeRange(scope);
  return scopedToHosts(scope, {
    cpuBusy: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${r}]))`,
    memoryAvailable: `min by (instance) (min_over_time(node_memory_MemAvailable_bytes[${r}])) / max by (instance) (node_memory_MemTotal_bytes)`,
    memoryTotal: 'max by (instance) (node_memory_MemTotal_bytes)',
    diskAvailable: `min by (instance, mountpoint) (node_filesystem_avail_bytes{${REAL_FILESYSTEMS}}) / max by (instance, mountpoint) (node_filesystem_size_bytes{${REAL_FILESYSTEMS}})`,
    diskSize: `max by (instance, mountpoint) (node_filesystem_size_bytes{${REAL_FILESYSTEMS}})`,
  });
}

export async function readHostEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
): Promise<HostEvidence> {
  const { vectors, queries } = await runQuerySet(client, hostQueries(scope), scope.endSeconds);
  const cpu = indexBy(vectors.cpuBusy, ['instance']);
  const memory = indexBy(vectors.memoryAvailable, ['instance']);
  const total = indexBy(vectors.memoryTotal, ['instance']);
  const instances = new Set([...cpu.keys(), ...memory.keys()]);
  const diskSize = indexBy(vectors.diskSize, ['instance', 'mountpoint']);
  return {
    hosts: [...instances].sort().map((instance) => ({
      instance,
      ...optional('cpuBusyRatio', cpu.get(instance)),
      ...optional('memoryAvailableRatio', memory.get(instance)),
      ...optional('memoryTotalBytes', total.get(instance)),
    })),
    filesystems: vectors.diskAvailable
      .filter((s) => Number.isFinite(s.value))
      .map((s) => ({
        instance: s.labels.instance ?? '',
        mountpoint: s.labels.mountpoint ?? '',
        availableRatio: s.value,
        ...optional('sizeBytes', diskSize.get(labelKey(s.labels, ['instance', 'mountpoint']))),
      }))
      .sort((a, b) => a.instance.localeCompare(b.instance) || a.mountpoint.localeCompare(b.mountpoint)),
    queries,
  };
}
