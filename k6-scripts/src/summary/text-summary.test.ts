import type { SummaryData } from './summary-data.ts';
import { textSummary } from './text-summary.ts';
import { ABORTED_BREAKPOINT } from './testdata/breakpoint-fixture.ts';
import { SUMMARY_FIXTURE } from './testdata/summary-fixture.ts';

describe('textSummary', () => {
  it('lists the checks per group, the thresholds with ✓/✗ and their values, and every metric', () => {
    expect(textSummary(SUMMARY_FIXTURE, '')).toBe(
      [
        '█ checks',
        '  ✗ GET /api/orders/:id answers 200 (597/600, 3 failed)',
        '  ✓ GET /api/products answers 200 (600/600)',
        '  █ checkout',
        '    ✓ POST /api/orders answers 201 (10/10)',
        '',
        '█ thresholds',
        '  ✓ http_req_duration: p(99)<=250 (p(99)=201.25ms)',
        '  ✓ http_req_duration{name:/api/orders/:id}: p(99.5)<=1000 (p(99.5)=300ms)',
        '  ✗ http_req_failed: rate<=0.001 (rate=0.25%)',
        '',
        '█ metrics',
        '  http_req_duration.................: avg=40ms p(95)=120.5ms p(99)=201.25ms',
        '    {name:/api/orders/:id}..........: p(99.5)=300ms',
        '  http_req_failed...................: 0.25% (3 of 1200)',
        '  http_reqs.........................: 1200 39.33/s',
        '',
        'ran 30.51s',
      ].join('\n'),
    );
  });

  it('shows each metric type and unit the way k6 does', () => {
    const data: SummaryData = {
      metrics: {
        data_received: { type: 'counter', contains: 'data', values: { count: 11_250, rate: 1125 } },
        iteration_duration: {
          type: 'trend',
          contains: 'time',
          values: { 'p(95)': 1500, max: 65_000, count: 12, med: 0.25, min: 0, avg: 2 },
        },
        vus: { type: 'gauge', contains: 'default', values: { value: 2, min: 1, max: 3 } },
      },
      root_group: { name: '', path: '', groups: [], checks: [] },
    };
    expect(textSummary(data).split('\n')).toEqual([
      ' █ checks',
      '   no checks',
      '',
      ' █ thresholds',
      '   no thresholds',
      '',
      ' █ metrics',
      '   data_received.....................: 11.25 kB 1.13 kB/s',
      '   iteration_duration................: avg=2ms min=0s med=250µs max=1.08m p(95)=1.5s count=12',
      '   vus...............................: 2 min=1 max=3',
    ]);
  });

  it('marks thresholds without samples as not reached', () => {
    const text = textSummary(ABORTED_BREAKPOINT, '');
    expect(text).toContain('  ✓ http_req_duration{target_rate:20}: p(99)<=250 (p(99)=120ms)\n');
    expect(text).toContain('  ✗ http_req_duration{target_rate:40}: p(99)<=250 (p(99)=1.2s)\n');
    expect(text).toContain('  - http_req_duration{target_rate:60}: p(99)<=250 (not reached: no samples)\n');
  });
});
