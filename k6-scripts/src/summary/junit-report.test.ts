import { junitReport } from './junit-report.ts';
import { ABORTED_BREAKPOINT } from './testdata/breakpoint-fixture.ts';
import { SUMMARY_FIXTURE } from './testdata/summary-fixture.ts';

describe('junitReport', () => {
  it('has a test case per threshold and per check, checks in a suite per group', () => {
    expect(junitReport(SUMMARY_FIXTURE, 'k6.smoke')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites>',
        '  <testsuite name="k6.smoke thresholds" tests="3" failures="1">',
        '    <testcase classname="k6.smoke.thresholds" name="http_req_duration: p(99)&lt;=250" />',
        '    <testcase classname="k6.smoke.thresholds" name="http_req_duration{name:/api/orders/:id}: p(99.5)&lt;=1000" />',
        '    <testcase classname="k6.smoke.thresholds" name="http_req_failed: rate&lt;=0.001">',
        '      <failure message="rate&lt;=0.001 failed (value 0.0025)" />',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="k6.smoke checks (root)" tests="2" failures="1">',
        '    <testcase classname="k6.smoke.checks.root" name="GET /api/orders/:id answers 200">',
        '      <failure message="3 of 600 failed" />',
        '    </testcase>',
        '    <testcase classname="k6.smoke.checks.root" name="GET /api/products answers 200" />',
        '  </testsuite>',
        '  <testsuite name="k6.smoke checks (::checkout)" tests="1" failures="0">',
        '    <testcase classname="k6.smoke.checks.::checkout" name="POST /api/orders answers 201" />',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('escapes XML in names', () => {
    const data = {
      metrics: {},
      root_group: {
        name: '',
        path: '',
        groups: [],
        checks: [{ name: 'a "b" & <c>', path: '', passes: 1, fails: 0 }],
      },
    };
    expect(junitReport(data, 't')).toContain('name="a &quot;b&quot; &amp; &lt;c&gt;"');
  });

  it('reports thresholds that judged no samples as skipped, not passed', () => {
    const report = junitReport(ABORTED_BREAKPOINT, 'k6.breakpoint');
    expect(report).toContain(
      '<testsuite name="k6.breakpoint thresholds" tests="6" failures="2" skipped="3">',
    );
    expect(report).toContain(
      [
        '    <testcase classname="k6.breakpoint.thresholds" name="http_req_duration{target_rate:60}: p(99)&lt;=250">',
        '      <skipped message="not reached: the metric got no samples" />',
        '    </testcase>',
      ].join('\n'),
    );
  });
});
