import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { allRules, isAlertingRule, promtoolTestPaths, ruleFilePaths } from './rule-file-paths';

interface PromtoolTestFile {
  tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }>;
}

const cases = promtoolTestPaths().flatMap((file) =>
  (parse(readFileSync(file, 'utf8')) as PromtoolTestFile).tests.flatMap((test) => test.alert_rule_test ?? []),
);
const alertNames = [
  ...new Set(
    allRules(ruleFilePaths())
      .filter(isAlertingRule)
      .map((rule) => rule.alert),
  ),
].sort();

describe('promtool test coverage', () => {
  it.each(alertNames)('%s has a promtool case where it fires and one where it must not', (alertname) => {
    const own = cases.filter((testCase) => testCase.alertname === alertname);
    expect({
      fires: own.some((testCase) => (testCase.exp_alerts ?? []).length > 0),
      staysQuiet: own.some((testCase) => (testCase.exp_alerts ?? []).length === 0),
    }).toEqual({ fires: true, staysQuiet: true });
  });
});
