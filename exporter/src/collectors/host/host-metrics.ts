import type { ScrapeMetric } from '../scrape-metric';
import { toMetricDefinitions } from '../scrape-metric';
import type { HostSnapshot } from './host-snapshot';
import { MEMINFO_FIELDS } from './meminfo';
import { CPU_MODES } from './proc-stat';
import type { NetDevCounters } from './net-dev';
import type { FilesystemStats } from './filesystem-stats';

export const HOST_PRODUCER = 'exporter/host';

export const NODE_CPU_SECONDS = 'node_cpu_seconds_total';
export const NODE_LOAD1 = 'node_load1';
export const NODE_LOAD5 = 'node_load5';
export const NODE_LOAD15 = 'node_load15';
export const NODE_BOOT_TIME = 'node_boot_time_seconds';
export const NODE_TIME = 'node_time_seconds';
export const NODE_UNAME_INFO = 'node_uname_info';
export const NODE_FILEFD_ALLOCATED = 'node_filefd_allocated';
export const NODE_FILEFD_MAXIMUM = 'node_filefd_maximum';

/** node_memory_<Field>_bytes, the name node_exporter's meminfo collector gives each field. */
export const nodeMemoryMetricName = (field: string) => `node_memory_${field}_bytes`;

const FS_LABELS = ['device', 'mountpoint', 'fstype'] as const;
const fsLabels = (f: FilesystemStats) => ({ device: f.device, mountpoint: f.mountpoint, fstype: f.fstype });

function filesystemMetric(
  name: string,
  help: string,
  value: (f: FilesystemStats) => number,
  includeErrored = false,
): ScrapeMetric<HostSnapshot> {
  return {
    name,
    type: 'gauge',
    help,
    labels: FS_LABELS,
    samples(s, emit) {
      // Like node_exporter, a mount whose statfs failed only appears in node_filesystem_device_error.
      for (const f of s.filesystems) if (includeErrored || !f.deviceError) emit(fsLabels(f), value(f));
    },
  };
}

function networkMetric(
  direction: 'receive' | 'transmit',
  field: 'bytes' | 'packets' | 'errs' | 'drop',
): ScrapeMetric<HostSnapshot> {
  const key = `${direction}${field[0]!.toUpperCase()}${field.slice(1)}` as keyof Omit<
    NetDevCounters,
    'device'
  >;
  return {
    name: `node_network_${direction}_${field}_total`,
    type: 'counter',
    help: `Network device statistic ${direction}_${field} (from /proc/net/dev).`,
    labels: ['device'],
    samples(s, emit) {
      for (const d of s.network) emit({ device: d.device }, d[key]);
    },
  };
}

/** The host collector's metrics, named and labelled as node_exporter names them. */
export const hostMetrics: readonly ScrapeMetric<HostSnapshot>[] = [
  {
    name: NODE_CPU_SECONDS,
    type: 'counter',
    help: 'Seconds the CPUs spent in each mode.',
    labels: ['cpu', 'mode'],
    samples(s, emit) {
      for (const c of s.cpus) for (const mode of CPU_MODES) emit({ cpu: c.cpu, mode }, c.seconds[mode]);
    },
  },
  ...MEMINFO_FIELDS.map((field): ScrapeMetric<HostSnapshot> => ({
    name: nodeMemoryMetricName(field),
    type: 'gauge',
    help: `Memory information field ${field}_bytes.`,
    labels: [],
    samples(s, emit) {
      const value = s.memory[field];
      if (value !== undefined) emit({}, value);
    },
  })),
  ...([NODE_LOAD1, NODE_LOAD5, NODE_LOAD15] as const).map((name, i): ScrapeMetric<HostSnapshot> => ({
    name,
    type: 'gauge',
    help: `${[1, 5, 15][i]}m load average.`,
    labels: [],
    samples: (s, emit) => emit({}, s.load[i]!),
  })),
  filesystemMetric('node_filesystem_size_bytes', 'Filesystem size in bytes.', (f) => f.sizeBytes),
  filesystemMetric('node_filesystem_free_bytes', 'Filesystem free space in bytes.', (f) => f.freeBytes),
  filesystemMetric(
    'node_filesystem_avail_bytes',
    'Filesystem space available to non-root users in bytes.',
    (f) => f.availBytes,
  ),
  filesystemMetric('node_filesystem_files', 'Filesystem total file nodes.', (f) => f.files),
  filesystemMetric('node_filesystem_files_free', 'Filesystem total free file nodes.', (f) => f.filesFree),
  filesystemMetric(
    'node_filesystem_readonly',
    'Filesystem read-only status.',
    (f) => (f.readonly ? 1 : 0),
    true,
  ),
  filesystemMetric(
    'node_filesystem_device_error',
    'Whether an error occurred while getting statistics for the given device.',
    (f) => (f.deviceError ? 1 : 0),
    true,
  ),
  ...(['receive', 'transmit'] as const).flatMap((direction) =>
    (['bytes', 'packets', 'errs', 'drop'] as const).map((field) => networkMetric(direction, field)),
  ),
  {
    name: NODE_BOOT_TIME,
    type: 'gauge',
    help: 'Node boot time, in unixtime.',
    labels: [],
    samples(s, emit) {
      if (s.bootTimeSeconds !== undefined) emit({}, s.bootTimeSeconds);
    },
  },
  {
    name: NODE_TIME,
    type: 'gauge',
    help: 'System time in seconds since epoch (1970).',
    labels: [],
    samples: (s, emit) => emit({}, s.timeSeconds),
  },
  {
    name: NODE_UNAME_INFO,
    type: 'gauge',
    help: 'Labeled system information as provided by the uname system call.',
    labels: ['sysname', 'release', 'version', 'machine', 'nodename', 'domainname'],
    samples: (s, emit) => emit({ ...s.uname }, 1),
  },
  {
    name: NODE_FILEFD_ALLOCATED,
    type: 'gauge',
    help: 'File descriptor statistics: allocated.',
    labels: [],
    samples(s, emit) {
      if (s.filefd) emit({}, s.filefd.allocated);
    },
  },
  {
    name: NODE_FILEFD_MAXIMUM,
    type: 'gauge',
    help: 'File descriptor statistics: maximum.',
    labels: [],
    samples(s, emit) {
      if (s.filefd) emit({}, s.filefd.maximum);
    },
  },
];

export const hostMetricDefinitions = toMetricDefinitions(hostMetrics, HOST_PRODUCER);
