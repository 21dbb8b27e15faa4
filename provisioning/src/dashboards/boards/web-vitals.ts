import { DASHBOARD_UIDS, RUM_BEACONS, WEB_VITAL_METRICS } from '@perflens/conventions';
import { buildDashboard } from '../kit/perflens-dashboard';
import { type ThresholdColor, timeseriesPanel } from '../kit/panels';
import { labelVariable } from '../kit/variables';

const sel = 'job=~"$job",page=~"$page",device_class=~"$device_class"';

// "Good" and "poor" boundaries at the 75th percentile, from web.dev's Core Web Vitals definitions.
const VITALS: Array<{ name: string; metric: string; unit: string; good: number; poor: number }> = [
  { name: 'LCP', metric: WEB_VITAL_METRICS.LCP, unit: 's', good: 2.5, poor: 4 },
  { name: 'INP', metric: WEB_VITAL_METRICS.INP, unit: 's', good: 0.2, poor: 0.5 },
  { name: 'CLS', metric: WEB_VITAL_METRICS.CLS, unit: 'none', good: 0.1, poor: 0.25 },
  { name: 'FCP', metric: WEB_VITAL_METRICS.FCP, unit: 's', good: 1.8, poor: 3 },
  { name: 'TTFB', metric: WEB_VITAL_METRICS.TTFB, unit: 's', good: 0.8, poor: 1.8 },
  { name: 'Page load', metric: WEB_VITAL_METRICS.PageLoad, unit: 's', good: 3, poor: 6 },
];
/** Every page view reports TTFB, so its series list the jobs, pages and device classes. */
const pageViews = `${WEB_VITAL_METRICS.TTFB}_count`;

/** Real-user web vitals per page template and device class, p75 as Google assesses them. */
export function webVitalsDashboard() {
  return buildDashboard({
    uid: DASHBOARD_UIDS.webVitals,
    title: 'Perflens / Web Vitals',
    description:
      "Real-user web vitals from the RUM snippet (/rum.js): p75 per page and device class, with web.dev's good and poor boundaries.",
    tags: ['frontend'],
    variables: [
      labelVariable('job', 'job', pageViews, { title: 'Job' }),
      labelVariable('page', 'page', `${pageViews}{job=~"$job"}`, { title: 'Page' }),
      labelVariable('device_class', 'device_class', `${pageViews}{job=~"$job"}`, {
        title: 'Device class',
      }),
    ],
    sections: [
      {
        title: 'p75 per page',
        panels: VITALS.map((vital) =>
          timeseriesPanel({
            title: `${vital.name} p75`,
            description: `75th percentile of ${vital.name}; good below ${vital.good}, poor above ${vital.poor}.`,
            unit: vital.unit,
            queries: [
              {
                expr: `histogram_quantile(0.75, sum by (le, page, device_class) (rate(${vital.metric}_bucket{${sel}}[$__rate_interval])))`,
                legend: '{{page}} {{device_class}}',
              },
            ],
            thresholds: [
              [vital.good, 'orange' as ThresholdColor],
              [vital.poor, 'red' as ThresholdColor],
            ],
            width: 8,
          }),
        ),
      },
      {
        title: 'Ingestion',
        panels: [
          timeseriesPanel({
            title: 'Beacons by outcome',
            description:
              'Beacons received on /rum, accepted or rejected with the reason (rate limits, bad payloads).',
            unit: 'reqps',
            queries: [
              {
                expr: `sum by (outcome, reason) (rate(${RUM_BEACONS}{job=~"$job"}[$__rate_interval]))`,
                legend: '{{outcome}} {{reason}}',
              },
            ],
            width: 24,
          }),
        ],
      },
    ],
  });
}
