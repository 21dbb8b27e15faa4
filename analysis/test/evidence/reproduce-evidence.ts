import type { Evidence, Finding } from '../../src/findings/finding';
import type { PrometheusClient, PromSeries } from '../../src/sources/prometheus-client';

/**
 * Evidence whose number is not one query's value, by design: the label says how it was derived, and the
 * test checks that it says so rather than reproducing it (docs/analysis.md, "Evidence you can paste").
 */
export const DERIVED_LABEL = /\(derived: [^)]+\)/;

/** What evaluating one evidence query gave, against the number the finding shows. */
export interface Reproduction {
  check: string;
  target: string;
  label: string;
  query: string;
  value: number;
  /** The value of the one series that matched the finding's target; undefined when none or several did. */
  reproduced?: number;
  /** Why no single value came back (no series, several series for the target). */
  problem?: string;
}

/** Relative tolerance: the engine and the pasted query are the same PromQL at the same instant. */
const RELATIVE_TOLERANCE = 1e-6;

export function agrees(expected: number, actual: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  return Math.abs(expected - actual) <= RELATIVE_TOLERANCE * Math.max(1e-9, Math.abs(expected));
}

/**
 * The series of a result that belong to the finding: those none of whose labels contradicts the target (a
 * label the target has with another value). A query of the target alone returns one series without them.
 */
function seriesOfTarget(
  series: readonly PromSeries[],
  target: Readonly<Record<string, string>>,
): PromSeries[] {
  return series.filter((s) =>
    Object.entries(s.labels).every(([name, value]) => target[name] === undefined || target[name] === value),
  );
}

/** Evaluates every evidence query of the findings at `timeSeconds`, as someone pasting it into Grafana would. */
export async function reproduceEvidence(
  client: PrometheusClient,
  findings: readonly Finding[],
  timeSeconds: number,
): Promise<Reproduction[]> {
  const rows: Reproduction[] = [];
  for (const finding of findings) {
    for (const evidence of finding.evidence)
      rows.push(await reproduceOne(client, finding, evidence, timeSeconds));
  }
  return rows;
}

async function reproduceOne(
  client: PrometheusClient,
  finding: Finding,
  evidence: Evidence,
  timeSeconds: number,
): Promise<Reproduction> {
  const row = {
    check: finding.check,
    target: Object.entries(finding.target)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    label: evidence.label,
    query: evidence.query,
    value: evidence.value,
  };
  const matching = seriesOfTarget(await client.query(evidence.query, timeSeconds), finding.target);
  if (matching.length !== 1)
    return {
      ...row,
      problem: `${matching.length} series for the target: ${JSON.stringify(matching.slice(0, 3))}`,
    };
  return { ...row, reproduced: matching[0]?.value };
}

/** One line per row that does not reproduce, for a failure message that says what to fix. */
export function describeMismatches(rows: readonly Reproduction[]): string {
  return rows
    .map(
      (r) =>
        `${r.check} [${r.target}] "${r.label}": finding ${r.value}, query ${r.reproduced ?? r.problem}\n    ${r.query}`,
    )
    .join('\n');
}
