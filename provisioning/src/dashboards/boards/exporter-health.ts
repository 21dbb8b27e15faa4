import {
  COLLECTOR_DURATION,
  COLLECTOR_SUCCESS,
  DASHBOARD_UIDS,
  SERIES_DROPPED_METRIC,
} from '@perflens/conventions';
import { buildDashboard } from '../kit/perflens-dashboard';
import { tablePanel, timeseriesPanel } from '../kit/panels';
import { labelVariable } from '../kit/variables';

const sel = 'job=~"$job",instance=~"$instance"';

/** Perflens watching itself: targets up, collectors succeeding, scrape cost, series folded by the cap. */
export function exporterHealthDashboard() {
  return buildDashboard({
    uid: DASHBOARD_UIDS.exporter,
    title: 'Perflens / Exporter',
    description:
      'Self-monitoring: scrape targets, collector success and duration, scrape cost, series over the cardinality cap.',
    tags: ['monitoring'],
    variables: [
      labelVariable('job', 'job', 'up', { title: 'Job' }),
      labelVariable('instance', 'instance', 'up{job=~"$job"}', { title: 'Instance' }),
    ],
    sections: [
      {
        title: 'Targets',
        panels: [
          tablePanel({
            title: 'Scrape targets',
            description: '1 when Prometheus scraped the target successfully.',
            unit: 'short',
            queries: [{ expr: `up{${sel}}`, legend: '{{job}} {{instance}}' }],
            baseColor: 'red',
            thresholds: [[1, 'green']],
            width: 12,
          }),
          timeseriesPanel({
            title: 'Scrape duration',
            description: 'How long each scrape took; near the scrape timeout, samples are lost.',
            unit: 's',
            queries: [{ expr: `scrape_duration_seconds{${sel}}`, legend: '{{job}} {{instance}}' }],
          }),
        ],
      },
      {
        title: 'Collectors',
        panels: [
          timeseriesPanel({
            title: 'Collector success',
            description: 'Per collector of the standalone exporter: 1 when its last read succeeded.',
            unit: 'short',
            queries: [{ expr: `${COLLECTOR_SUCCESS}{${sel}}`, legend: '{{collector}}' }],
            baseColor: 'red',
            thresholds: [[1, 'green']],
            min: 0,
            max: 1,
            width: 8,
          }),
          timeseriesPanel({
            title: 'Collector duration',
            description: 'Seconds each collector needed for its last read.',
            unit: 's',
            queries: [{ expr: `${COLLECTOR_DURATION}{${sel}}`, legend: '{{collector}}' }],
            width: 8,
          }),
          timeseriesPanel({
            title: 'Observations over the series cap',
            description:
              'Observations folded into __overflow__ per second (0 when every metric is under its cap).',
            unit: 'ops',
            queries: [
              {
                expr: `sum by (metric) (rate(${SERIES_DROPPED_METRIC}{${sel}}[$__rate_interval])) or vector(0)`,
                legend: '{{metric}}',
              },
            ],
            thresholds: [[0.001, 'red']],
            width: 8,
          }),
        ],
      },
    ],
  });
}
