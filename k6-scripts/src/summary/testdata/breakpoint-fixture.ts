import type { SummaryData } from '../summary-data.ts';

/**
 * A breakpoint run aborted during its second step (target_rate 40): the third step (60) was never reached,
 * so its per-step sub-metrics have no samples and k6 reports their thresholds as held with value 0.
 */
export const ABORTED_BREAKPOINT: SummaryData = {
  metrics: {
    http_req_duration: {
      type: 'trend',
      contains: 'time',
      values: { 'p(99)': 900, count: 700 },
      thresholds: { 'p(99)<=250': { ok: false } },
    },
    'http_req_duration{target_rate:20}': {
      type: 'trend',
      contains: 'time',
      values: { 'p(99)': 120, count: 400 },
      thresholds: { 'p(99)<=250': { ok: true } },
    },
    'http_req_duration{target_rate:40}': {
      type: 'trend',
      contains: 'time',
      values: { 'p(99)': 1200, count: 300 },
      thresholds: { 'p(99)<=250': { ok: false } },
    },
    'http_req_duration{target_rate:60}': {
      type: 'trend',
      contains: 'time',
      values: { 'p(99)': 0, count: 0 },
      thresholds: { 'p(99)<=250': { ok: true } },
    },
    'http_req_failed{target_rate:60}': {
      type: 'rate',
      contains: 'default',
      values: { rate: 0, passes: 0, fails: 0 },
      thresholds: { 'rate<=0.001': { ok: true } },
    },
    'http_reqs{target_rate:60}': {
      type: 'counter',
      contains: 'default',
      values: { count: 0, rate: 0 },
      thresholds: { 'count>=0': { ok: true } },
    },
  },
  root_group: { name: '', path: '', groups: [], checks: [] },
};
