import { CHECK_CATALOGUE } from '../checks/check-catalogue';
import { atLeast, type Finding, type Severity } from '../findings/finding';
import type { AnalysisReport } from './analysis-report';
import { scopeFacts } from './scope-lines';

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * JUnit XML for CI test reports: one test suite per layer, one test case per check that ran; a check fails
 * when it found something at or above `failureSeverity`, and lists every finding in the failure body. Each suite
 * carries the scope (job, SLO file, databases, hosts) as properties; a scope warning (the job has no series) is a
 * failing `perflens scope` suite of its own, so a CI report cannot show green on a job it never saw.
 */
export function formatJunit(report: AnalysisReport, failureSeverity: Severity): string {
  const ran = CHECK_CATALOGUE.filter((c) => report.checks.includes(c.id));
  const layers = [...new Set(ran.map((c) => c.layer))];
  let totalFailures = 0;
  const properties = report.resolvedScope
    ? [
        '    <properties>',
        ...scopeFacts(report.resolvedScope).map(
          (fact) => `      <property name="scope.${xml(fact.name)}" value="${xml(fact.value)}"/>`,
        ),
        '    </properties>',
      ].join('\n') + '\n'
    : '';
  const suites = layers.map((layer) => {
    const checks = ran.filter((c) => c.layer === layer);
    let failures = 0;
    const cases = checks.map((check) => {
      const found = report.findings.filter((f) => f.check === check.id);
      const failing = found.filter((f) => atLeast(f.severity, failureSeverity));
      const open = `    <testcase classname="perflens.${layer}" name="${xml(check.id)}: ${xml(check.title)}" time="0">`;
      if (failing.length > 0) {
        failures += 1;
        const message = `${failing.length} finding${failing.length > 1 ? 's' : ''} at or above ${failureSeverity}`;
        return `${open}\n      <failure message="${xml(message)}" type="${failing[0]?.severity}">${xml(found.map(describe).join('\n\n'))}</failure>\n    </testcase>`;
      }
      if (found.length > 0)
        return `${open}\n      <system-out>${xml(found.map(describe).join('\n\n'))}</system-out>\n    </testcase>`;
      return `${open}</testcase>`;
    });
    totalFailures += failures;
    return `  <testsuite name="perflens ${layer}" tests="${checks.length}" failures="${failures}" errors="0" skipped="0">\n${properties}${cases.join('\n')}\n  </testsuite>`;
  });
  const warnings = report.resolvedScope?.warnings ?? [];
  if (warnings.length > 0) {
    totalFailures += 1;
    suites.push(
      `  <testsuite name="perflens scope" tests="1" failures="1" errors="0" skipped="0">\n${properties}    <testcase classname="perflens.scope" name="the job has series in the range" time="0">\n      <failure message="${xml(warnings[0] as string)}" type="scope">${xml(warnings.join('\n'))}</failure>\n    </testcase>\n  </testsuite>`,
    );
  }
  const tests = ran.length + (warnings.length > 0 ? 1 : 0);
  const time = report.stats.wallSeconds.toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="perflens analyze" tests="${tests}" failures="${totalFailures}" errors="0" time="${time}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function describe(finding: Finding): string {
  const evidence = finding.evidence.map(
    (e) =>
      `  ${e.label}: ${e.value} ${e.unit}${e.threshold === undefined ? '' : ` (threshold ${e.threshold}, ${e.thresholdSource ?? 'default'})`}`,
  );
  const recommendations = finding.recommendations.map((r) => `  → ${r.action}`);
  return [
    `[${finding.severity}] ${finding.title}`,
    `  id: ${finding.id}`,
    ...evidence,
    ...recommendations,
    `  runbook: ${finding.links.runbook}`,
  ].join('\n');
}
