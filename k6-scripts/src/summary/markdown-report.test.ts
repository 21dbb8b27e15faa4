import { formatNumber, markdownReport } from './markdown-report.ts';
import { ABORTED_BREAKPOINT } from './testdata/breakpoint-fixture.ts';
import { SUMMARY_FIXTURE } from './testdata/summary-fixture.ts';

describe('markdownReport', () => {
  it('states the verdict, the totals, every threshold with its value and the failed checks', () => {
    const report = markdownReport(SUMMARY_FIXTURE, {
      testType: 'smoke',
      testId: 'ci-1',
      baseUrl: 'http://127.0.0.1:3000',
      sections: ['### Extra'],
    });
    expect(report).toBe(
      [
        '## k6 smoke test: ❌ 1 threshold(s) failed',
        '',
        'Target `http://127.0.0.1:3000`, testid `ci-1`, ran 30.512 s.',
        '',
        '| Requests | Rate (req/s) | Failed (5xx or no answer) | p95 (ms) | p99 (ms) |',
        '| ---: | ---: | ---: | ---: | ---: |',
        '| 1200 | 39.333 | 0.0025 | 120.5 | 201.25 |',
        '',
        '### Thresholds',
        '',
        '| Metric | Condition | Value | Result |',
        '| --- | --- | ---: | --- |',
        '| `http_req_duration` | `p(99)<=250` | 201.25 | ✅ |',
        '| `http_req_duration{name:/api/orders/:id}` | `p(99.5)<=1000` | 300 | ✅ |',
        '| `http_req_failed` | `rate<=0.001` | 0.0025 | ❌ |',
        '',
        '### Checks',
        '',
        '| Check | Failed | Total |',
        '| --- | ---: | ---: |',
        '| GET /api/orders/:id answers 200 | 3 | 600 |',
        '',
        '### Extra',
        '',
      ].join('\n'),
    );
  });

  it('says so when everything passed', () => {
    const report = markdownReport(
      { metrics: {}, root_group: { name: '', path: '', groups: [], checks: [] } },
      { testType: 'soak', testId: 't', baseUrl: 'http://x' },
    );
    expect(report).toContain('## k6 soak test: ✅ passed\n');
    expect(report).toContain('No thresholds.\n\n### Checks\n\nAll 0 checks passed.\n');
  });

  it('shows thresholds of breakpoint steps the run never reached as "not reached", not as passed', () => {
    const report = markdownReport(ABORTED_BREAKPOINT, {
      testType: 'breakpoint',
      testId: 't',
      baseUrl: 'http://x',
    });
    expect(report).toContain('## k6 breakpoint test: ❌ 2 threshold(s) failed\n');
    expect(report).toContain('| `http_req_duration{target_rate:20}` | `p(99)<=250` | 120 | ✅ |\n');
    expect(report).toContain('| `http_req_duration{target_rate:40}` | `p(99)<=250` | 1200 | ❌ |\n');
    expect(report).toContain('| `http_req_duration{target_rate:60}` | `p(99)<=250` | – | not reached |\n');
    expect(report).toContain('| `http_req_failed{target_rate:60}` | `rate<=0.001` | – | not reached |\n');
    expect(report).toContain('| `http_reqs{target_rate:60}` | `count>=0` | – | not reached |\n');
    expect(report).not.toMatch(/target_rate:60.*✅/);
  });

  it.each([
    { value: 0.0025, text: '0.0025' },
    { value: 0.000123456, text: '0.0001235' },
    { value: 250, text: '250' },
    { value: 1.5, text: '1.5' },
  ])('formats $value as $text', ({ value, text }) => {
    expect(formatNumber(value)).toBe(text);
  });
});
