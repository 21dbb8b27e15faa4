import { atLeast, type Finding } from '../../src/findings/finding';
import type { AnalysisReport } from '../../src/report/analysis-report';

/**
 * Follows `causedBy` links from the findings matching the first step through one finding per later step,
 * and returns the first complete chain (or the longest partial one, so a failure shows where it broke).
 */
export function followCauses(
  report: AnalysisReport,
  steps: ReadonlyArray<(finding: Finding) => boolean>,
): Finding[] {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  let best: Finding[] = [];
  const walk = (chain: Finding[]): boolean => {
    if (chain.length > best.length) best = chain;
    if (chain.length === steps.length) return true;
    const step = steps[chain.length] as (finding: Finding) => boolean;
    const causes = (chain.at(-1) as Finding).causedBy.map((id) => byId.get(id));
    return causes.some((cause) => cause !== undefined && step(cause) && walk([...chain, cause]));
  };
  const [first] = steps;
  for (const start of report.findings) if (first?.(start) && walk([start])) return best;
  return best;
}

/** "layer check {labels}" for a finding: what a failed expectation prints. */
export function describeLink(finding: Finding): string {
  return `${finding.layer} ${finding.check} ${JSON.stringify(finding.target)}`;
}

/**
 * The finding that heads a layer: its top finding at warning or above (an info finding is context, not the
 * problem a reader acts on; the ranking may still place one above a warning whose score was lowered to 95%
 * of a weak symptom it explains), or, when the top finding is a symptom, the first of its
 * causes (followed transitively, breadth first, through any layer) in the layer that `wanted` accepts. A
 * cause in its symptom's layer ranks right above it, but one reached through another layer ranks with
 * that layer's finding: a chain may leave the layer and come back, as a route slowed by a saturated event
 * loop leads, through the runtime finding, to the oversized responses that keep the loop busy.
 */
export function headOfLayer(
  report: AnalysisReport,
  layer: Finding['layer'],
  wanted: (finding: Finding) => boolean,
): Finding | undefined {
  const top = report.findings.find((f) => f.layer === layer && atLeast(f.severity, 'warning'));
  if (!top || wanted(top)) return top;
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const seen = new Set<string>([top.id]);
  const queue = [...top.causedBy];
  while (queue.length > 0) {
    const cause = byId.get(queue.shift() as string);
    if (!cause || seen.has(cause.id)) continue;
    if (cause.layer === layer && wanted(cause)) return cause;
    seen.add(cause.id);
    queue.push(...cause.causedBy);
  }
  return top;
}
