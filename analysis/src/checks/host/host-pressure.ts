import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatBytes, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import {
  criticalRatioAbove,
  criticalRatioBelow,
  severityAbove,
  severityBelow,
} from '../../findings/severity-bands';
import type { HostEvidence } from '../../sources/host-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

const HOST_THRESHOLDS =
  'Defaults from awesome-prometheus-alerts’ host rules; critical three quarters of the way to saturation (CPU) or at half the free-space threshold (memory, disk).';

export const cpuPressureCheck: CheckMetadata = {
  id: 'host.cpu-pressure',
  layer: 'host',
  title: 'Host CPU pressure',
  whyItMatters:
    'A host without idle CPU makes every process on it wait for a core: latency rises everywhere at once.',
  scoring: 'Busy share above the threshold, relative to the headroom left (at most 1) × 30.',
  thresholds: `host.cpuBusyRatio (80%) of CPU time not idle. ${HOST_THRESHOLDS}`,
  remedy: 'Find the process using it (often the service’s event loop or PostgreSQL); scale out or up.',
};

export const memoryPressureCheck: CheckMetadata = {
  id: 'host.memory-pressure',
  layer: 'host',
  title: 'Host memory pressure',
  whyItMatters:
    'With little available memory the page cache shrinks (PostgreSQL reads go to disk) and the OOM killer is next.',
  scoring: '(1 − available / threshold) × 30.',
  thresholds: `host.memoryAvailableRatio (10%) MemAvailable / MemTotal, at the lowest point of the range. ${HOST_THRESHOLDS}`,
  remedy:
    'Find the largest resident processes; lower shared_buffers or heap limits that overcommit, or add memory.',
};

export const diskPressureCheck: CheckMetadata = {
  id: 'host.disk-pressure',
  layer: 'host',
  title: 'Disk space pressure',
  whyItMatters: 'A full disk stops PostgreSQL (WAL cannot be written) and Prometheus alike.',
  scoring: '(1 − free / threshold) × 30.',
  thresholds: `host.diskAvailableRatio (10%) free space per filesystem. ${HOST_THRESHOLDS}`,
  remedy: 'Free or grow the volume; check WAL retention, logs and Prometheus retention.',
};

/** Hosts with too little idle CPU, too little available memory, or filesystems close to full. */
export function findHostPressure(evidence: HostEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  const {
    cpuBusyRatio: cpuLimit,
    memoryAvailableRatio: memoryLimit,
    diskAvailableRatio: diskLimit,
  } = thresholds.values.host;
  const findings: CheckedFinding[] = [];
  for (const host of evidence.hosts) {
    const busy = host.cpuBusyRatio;
    const cpuSeverity =
      busy !== undefined ? severityAbove(busy, cpuLimit, criticalRatioAbove(cpuLimit)) : undefined;
    if (busy !== undefined && cpuSeverity) {
      findings.push(
        makeFinding(cpuPressureCheck, {
          target: { instance: host.instance },
          severity: cpuSeverity,
          impact: {
            score: clamp01((busy - cpuLimit) / (1 - cpuLimit)) * 30,
            explanation: `${host.instance} had ${formatPercent(1 - busy)} idle CPU left.`,
          },
          title: `${host.instance}: CPU ${formatPercent(busy)} busy`,
          evidence: [
            {
              label: 'CPU busy',
              query: evidence.queries.cpuBusy,
              value: busy,
              unit: 'ratio',
              threshold: cpuLimit,
              thresholdSource: thresholdSource(thresholds, 'host.cpuBusyRatio'),
            },
          ],
          recommendations: [
            {
              kind: 'guidance',
              action:
                'See which process uses the CPU (top, or process_cpu_seconds_total per job); scale that component out or move it to its own host.',
              expectedEffect: 'Idle CPU back for latency-sensitive work.',
              effort: 'medium',
            },
          ],
        }),
      );
    }
    const available = host.memoryAvailableRatio;
    const memorySeverity =
      available !== undefined
        ? severityBelow(available, memoryLimit, criticalRatioBelow(memoryLimit))
        : undefined;
    if (available !== undefined && memorySeverity) {
      findings.push(
        makeFinding(memoryPressureCheck, {
          target: { instance: host.instance },
          severity: memorySeverity,
          impact: {
            score: clamp01(1 - available / memoryLimit) * 30,
            explanation: `${host.instance} had only ${formatPercent(available)} of its memory available at the lowest point.`,
          },
          title: `${host.instance}: ${formatPercent(available)} memory available${host.memoryTotalBytes ? ` of ${formatBytes(host.memoryTotalBytes)}` : ''}`,
          evidence: [
            {
              label: 'memory available',
              query: evidence.queries.memoryAvailable,
              value: available,
              unit: 'ratio',
              threshold: memoryLimit,
              thresholdSource: thresholdSource(thresholds, 'host.memoryAvailableRatio'),
            },
          ],
          recommendations: [
            {
              kind: 'guidance',
              action:
                'Find the largest resident processes (process_resident_memory_bytes); cap heaps (--max-old-space-size) and shared_buffers to fit, or add memory.',
              expectedEffect: 'Page cache for PostgreSQL and no OOM kills.',
              effort: 'medium',
            },
          ],
        }),
      );
    }
  }
  for (const filesystem of evidence.filesystems) {
    const free = filesystem.availableRatio;
    const severity = severityBelow(free, diskLimit, criticalRatioBelow(diskLimit));
    if (!severity) continue;
    findings.push(
      makeFinding(diskPressureCheck, {
        target: { instance: filesystem.instance, mountpoint: filesystem.mountpoint },
        severity,
        impact: {
          score: clamp01(1 - free / diskLimit) * 30,
          explanation: `${filesystem.mountpoint} on ${filesystem.instance} has ${formatPercent(free)} free.`,
        },
        title: `${filesystem.instance} ${filesystem.mountpoint}: ${formatPercent(free)} free${filesystem.sizeBytes ? ` of ${formatBytes(filesystem.sizeBytes)}` : ''}`,
        evidence: [
          {
            label: 'free space',
            query: evidence.queries.diskAvailable,
            value: free,
            unit: 'ratio',
            threshold: diskLimit,
            thresholdSource: thresholdSource(thresholds, 'host.diskAvailableRatio'),
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action:
              'Find what grew (du -xh --max-depth=2); check WAL (pg_wal), logs and Prometheus retention; grow the volume.',
            expectedEffect: 'No write failures in PostgreSQL or Prometheus.',
            effort: 'low',
            config: '--storage.tsdb.retention.size=20GB',
          },
        ],
      }),
    );
  }
  return findings;
}
