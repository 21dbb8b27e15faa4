import type { SummaryData } from '../summary-data.ts';

/** A small end-of-test summary in k6's handleSummary shape: one failed threshold and one failing check. */
export const SUMMARY_FIXTURE: SummaryData = {
  state: { testRunDurationMs: 30_512.4 },
  metrics: {
    http_reqs: { type: 'counter', contains: 'default', values: { count: 1200, rate: 39.3333 } },
    http_req_failed: {
      type: 'rate',
      contains: 'default',
      values: { rate: 0.0025, passes: 3, fails: 1197 },
      thresholds: { 'rate<=0.001': { ok: false } },
    },
    http_req_duration: {
      type: 'trend',
      contains: 'time',
      values: { 'p(95)': 120.5, 'p(99)': 201.25, avg: 40 },
      thresholds: { 'p(99)<=250': { ok: true } },
    },
    'http_req_duration{name:/api/orders/:id}': {
      type: 'trend',
      contains: 'time',
      values: { 'p(99.5)': 300 },
      thresholds: { 'p(99.5)<=1000': { ok: true } },
    },
  },
  root_group: {
    name: '',
    path: '',
    groups: [
      {
        name: 'checkout',
        path: '::checkout',
        groups: [],
        checks: [{ name: 'POST /api/orders answers 201', path: '::checkout::x', passes: 10, fails: 0 }],
      },
    ],
    checks: [
      { name: 'GET /api/orders/:id answers 200', path: '::a', passes: 597, fails: 3 },
      { name: 'GET /api/products answers 200', path: '::b', passes: 600, fails: 0 },
    ],
  },
};
