import { DASHBOARD_UIDS } from '@perflens/conventions';
import { buildDashboard } from '../kit/perflens-dashboard';
import { timeseriesPanel } from '../kit/panels';
import { labelVariable } from '../kit/variables';

const sel = 'instance=~"$instance"';

/** The machine (node_exporter names, from the perflens exporter): CPU, memory, load, disk, network. */
export function hostDashboard() {
  return buildDashboard({
    uid: DASHBOARD_UIDS.host,
    title: 'Perflens / Host',
    description: 'Host metrics with node_exporter names: CPU, memory, load, filesystems, network.',
    tags: ['host'],
    variables: [labelVariable('instance', 'instance', 'node_load1', { title: 'Instance' })],
    sections: [
      {
        title: 'CPU and memory',
        panels: [
          timeseriesPanel({
            title: 'CPU utilisation',
            description: 'Share of CPU time not idle, all cores.',
            unit: 'percentunit',
            queries: [
              {
                expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{${sel},mode="idle"}[$__rate_interval]))`,
                legend: '{{instance}}',
              },
            ],
            thresholds: [
              [0.8, 'orange'],
              [0.9, 'red'],
            ],
            max: 1,
            width: 8,
          }),
          timeseriesPanel({
            title: 'Memory available',
            description: 'MemAvailable as a share of MemTotal.',
            unit: 'percentunit',
            queries: [
              {
                expr: `node_memory_MemAvailable_bytes{${sel}} / node_memory_MemTotal_bytes{${sel}}`,
                legend: '{{instance}}',
              },
            ],
            baseColor: 'red',
            thresholds: [
              [0.1, 'orange'],
              [0.2, 'green'],
            ],
            max: 1,
            width: 8,
          }),
          timeseriesPanel({
            title: 'Load average',
            description: 'Runnable and uninterruptible tasks, 1 and 5 minutes.',
            unit: 'short',
            queries: [
              { expr: `node_load1{${sel}}`, legend: '1m {{instance}}' },
              { expr: `node_load5{${sel}}`, legend: '5m {{instance}}' },
            ],
            width: 8,
          }),
        ],
      },
      {
        title: 'Disk and network',
        panels: [
          timeseriesPanel({
            title: 'Filesystem space available',
            description: 'Available space per mount point as a share of its size.',
            unit: 'percentunit',
            queries: [
              {
                expr: `node_filesystem_avail_bytes{${sel}} / node_filesystem_size_bytes{${sel}}`,
                legend: '{{mountpoint}}',
              },
            ],
            baseColor: 'red',
            thresholds: [
              [0.1, 'orange'],
              [0.2, 'green'],
            ],
            max: 1,
          }),
          timeseriesPanel({
            title: 'Network traffic',
            description: 'Bytes per second received and transmitted, per device.',
            unit: 'Bps',
            queries: [
              {
                expr: `sum by (device) (rate(node_network_receive_bytes_total{${sel}}[$__rate_interval]))`,
                legend: 'in {{device}}',
              },
              {
                expr: `sum by (device) (rate(node_network_transmit_bytes_total{${sel}}[$__rate_interval]))`,
                legend: 'out {{device}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
