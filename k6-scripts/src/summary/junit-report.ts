import { allChecks, thresholdResults, type SummaryData } from './summary-data.ts';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface TestCase {
  classname: string;
  name: string;
  failure?: string;
  /** Reason the case judged nothing (a threshold on a metric without samples). */
  skipped?: string;
}

function suite(name: string, cases: readonly TestCase[]): string {
  const failures = cases.filter((testCase) => testCase.failure !== undefined).length;
  const skipped = cases.filter((testCase) => testCase.skipped !== undefined).length;
  const body = cases.map((testCase) => {
    const open = `    <testcase classname="${xml(testCase.classname)}" name="${xml(testCase.name)}"`;
    if (testCase.failure !== undefined) {
      return `${open}>\n      <failure message="${xml(testCase.failure)}" />\n    </testcase>`;
    }
    if (testCase.skipped !== undefined) {
      return `${open}>\n      <skipped message="${xml(testCase.skipped)}" />\n    </testcase>`;
    }
    return `${open} />`;
  });
  const skippedAttribute = skipped === 0 ? '' : ` skipped="${skipped}"`;
  return [
    `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}"${skippedAttribute}>`,
    ...body,
    '  </testsuite>',
  ].join('\n');
}

/**
 * JUnit XML with a test case per threshold and per check, checks grouped in one suite per k6 group. k6's own
 * jslib `jUnit()` reports thresholds only (grafana/k6-jslib-summary#4), so a run without failing thresholds
 * but with failing checks would look green in CI.
 */
export function junitReport(data: SummaryData, testName: string): string {
  const thresholdCases = thresholdResults(data).map((result) => ({
    classname: `${testName}.thresholds`,
    name: `${result.metric}: ${result.expression}`,
    ...(!result.reached
      ? { skipped: 'not reached: the metric got no samples' }
      : result.ok
        ? {}
        : {
            failure: `${result.expression} failed${result.value === undefined ? '' : ` (value ${result.value})`}`,
          }),
  }));
  const checkSuites = new Map<string, TestCase[]>();
  for (const { group, check } of allChecks(data.root_group)) {
    const cases = checkSuites.get(group) ?? [];
    cases.push({
      classname: `${testName}.checks.${group}`,
      name: check.name,
      ...(check.fails > 0 ? { failure: `${check.fails} of ${check.passes + check.fails} failed` } : {}),
    });
    checkSuites.set(group, cases);
  }
  const suites = [suite(`${testName} thresholds`, thresholdCases)];
  checkSuites.forEach((cases, group) => suites.push(suite(`${testName} checks (${group})`, cases)));
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>', ...suites, '</testsuites>', ''].join(
    '\n',
  );
}
