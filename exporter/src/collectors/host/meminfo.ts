/**
 * The /proc/meminfo fields exported as node_memory_<Field>_bytes. node_exporter exports every field; a
 * fixed list keeps the metric catalogue static and covers what node-mixin and the common dashboards read
 * (MemAvailable, MemTotal, and Buffers+Cached+MemFree+Slab on kernels without MemAvailable).
 */
export const MEMINFO_FIELDS = [
  'MemTotal',
  'MemFree',
  'MemAvailable',
  'Buffers',
  'Cached',
  'SwapCached',
  'Active',
  'Inactive',
  'SwapTotal',
  'SwapFree',
  'Dirty',
  'Writeback',
  'Shmem',
  'Slab',
  'SReclaimable',
  'SUnreclaim',
  'CommitLimit',
  'Committed_AS',
] as const;
export type MeminfoField = (typeof MEMINFO_FIELDS)[number];

/** Parses /proc/meminfo into bytes. Lines are `Name:   value kB`; the kernel's "kB" means KiB. */
export function parseMeminfo(text: string): Partial<Record<MeminfoField, number>> {
  const wanted = new Set<string>(MEMINFO_FIELDS);
  const result: Partial<Record<MeminfoField, number>> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (!match || !wanted.has(match[1]!)) continue;
    const unitIsKb = line.trimEnd().endsWith('kB');
    result[match[1] as MeminfoField] = Number(match[2]) * (unitIsKb ? 1024 : 1);
  }
  return result;
}
