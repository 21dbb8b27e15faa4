import { buildDashboard } from '../kit/perflens-dashboard';
import { type ThresholdColor, timeseriesPanel } from '../kit/panels';
import { labelVariable } from '../kit/variables';

const sel = 'job=~"$job",page=~"$page",device_class=~"$device_class"';

// "Good" and "poor" boundaries at the 75th percentile, from web.dev's Core Web Vitals definitions.
const VITALS: Array<{ name: string; metric: string; unit: string; good: number; poor: number }> = [
  { name: 'LCP', metric: 'perflens_web_vitals_lcp_seconds', unit: 's', good: 2.5, poor: 4 },
  { name: 'INP', metric: 'perflens_web_vitals_inp_seconds', unit: 's', good: 0.2, poor: 0.5 },
  { name: 'CLS', metric: 'perflens_web_vitals_cls', unit: 'none', good: 0.1, poor: 0.25 },
  { name: 'FCP', metric: 'perflens_web_vitals_fcp_seconds', unit: 's', good: 1.8, poor: 3 },
  { name: 'TTFB', metric: 'perflens_web_vitals_ttfb_seconds', unit: 's', good: 0.8, poor: 1.8 },
  { name: 'Page load', metric: 'perflens_web_vitals_page_load_seconds', unit: 's', good: 3, poor: 6 },
];

/** Real-user web vitals per page template and device class, p75 as Google assesses them. */
export function webVitalsDashboard() {
  return buildDashboard({
    uid: 'perflens-web-vitals',
    title: 'Perflens / Web Vitals',
    description:
      "Real-user web vitals from the RUM snippet (/rum.js): p75 per page and device class, with web.dev's good and poor boundaries.",
    tags: ['frontend'],
    variables: [
      labelVariable('job', 'job', 'perflens_web_vitals_ttfb_seconds_count', { title: 'Job' }),
      labelVariable('page', 'page', 'perflens_web_vitals_ttfb_seconds_count{job=~"$job"}', { title: 'Page' }),
      labelVariable('device_class', 'device_class', 'perflens_web_vitals_ttfb_seconds_count{job=~"$job"}', {
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
                expr: 'sum by (outcome, reason) (rate(perflens_rum_beacons_total{job=~"$job"}[$__rate_interval]))',
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
