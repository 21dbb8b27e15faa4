import type { Layer } from './finding';

/**
 * What a check is, shown beside its results the way PgHero puts the explanation and the fix beside each
 * table: docs/analysis.md is generated from these.
 */
export interface CheckMetadata {
  /** `<layer>.<what-it-finds>`, stable: finding ids and runbook anchors start with it. */
  id: string;
  layer: Layer;
  title: string;
  /** Why a user should care, in one or two sentences. */
  whyItMatters: string;
  /** How the impact score is computed. */
  scoring: string;
  /** The thresholds it reads and where their defaults come from. */
  thresholds: string;
  remedy: string;
}

/** `<check>/<label>=<value>,...` with labels sorted, so the id does not depend on query order. */
export function findingId(checkId: string, target: Readonly<Record<string, string>>): string {
  const labels = Object.keys(target)
    .sort()
    .map((name) => `${name}=${target[name]}`)
    .join(',');
  return `${checkId}/${labels}`;
}
