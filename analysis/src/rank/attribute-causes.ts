import type { AnalysisEvidence } from '../checks/check-catalogue';
import type { Finding } from '../findings/finding';
import { formatNumber } from '../findings/format-values';
import { roundTo } from '../findings/make-finding';
import { statementLookupSql } from '../checks/postgres/statement-target';

/** PostgreSQL's page size (BLCKSZ, 8 kB unless compiled otherwise). */
const BLOCK_SIZE_BYTES = 8192;

/**
 * A statement whose calls each read at least this share of a table's blocks is taken to scan that table:
 * pg_stat_statements does not name relations, but block counts do (shared_blks_hit + shared_blks_read).
 */
const SCAN_BLOCK_SHARE = 0.5;

type Rule = (effect: Finding, all: readonly Finding[], evidence: AnalysisEvidence) => Finding[];

const sameTarget = (a: Finding, b: Finding, labels: readonly string[]) =>
  labels.every((l) => a.target[l] === b.target[l]);
const ofCheck = (all: readonly Finding[], ...checks: string[]) => all.filter((f) => checks.includes(f.check));
const ROUTE = ['http_request_method', 'http_route'];

/** The statement(s) that dominate database time: top-time findings, else the slow statement that weighs most. */
function dominantStatements(all: readonly Finding[]): Finding[] {
  const top = ofCheck(all, 'postgres.top-time-statements');
  if (top.length > 0) return top;
  const slow = ofCheck(all, 'postgres.slow-statements').sort((a, b) => b.impact.score - a.impact.score);
  return slow.slice(0, 1);
}

/** Sequential-scan findings for tables the statement reads whole on each call. */
function scannedTables(statement: Finding, all: readonly Finding[], evidence: AnalysisEvidence): Finding[] {
  const stats = evidence.postgres?.statements.find(
    (s) => s.datname === statement.target.datname && s.queryid === statement.target.queryid,
  );
  const scans = ofCheck(all, 'postgres.sequential-scans').filter(
    (f) => f.target.datname === statement.target.datname,
  );
  if (!stats?.blocksPerSecond || stats.callsPerSecond <= 0) return scans.length === 1 ? scans : [];
  const blocksPerCall = stats.blocksPerSecond / stats.callsPerSecond;
  return scans.filter((scan) => {
    const table = evidence.postgres?.tables.find(
      (t) =>
        t.datname === scan.target.datname &&
        t.schemaname === scan.target.schemaname &&
        t.relname === scan.target.relname,
    );
    return (
      table?.sizeBytes !== undefined &&
      blocksPerCall >= SCAN_BLOCK_SHARE * (table.sizeBytes / BLOCK_SIZE_BYTES)
    );
  });
}

/** Which findings can cause which: always from an effect towards the layers below it, so links form no cycle. */
const RULES: Record<string, Rule> = {
  'frontend.poor-web-vitals': (f, all) =>
    f.target.vital === 'lcp'
      ? ofCheck(all, 'frontend.slow-ttfb').filter((t) => sameTarget(f, t, ['page', 'device_class']))
      : [],
  'frontend.slow-ttfb': (_f, all) => ofCheck(all, 'api.route-slower-than-slo', 'api.error-hotspot'),
  'load-test.threshold-breaches': (_f, all) => ofCheck(all, 'api.route-slower-than-slo', 'api.error-hotspot'),
  'api.route-slower-than-slo': (f, all) => [
    ...ofCheck(all, 'api.database-bound-route', 'api.n-plus-one-queries', 'api.oversized-responses').filter(
      (c) => sameTarget(f, c, ROUTE),
    ),
    ...ofCheck(all, 'db-client.pool-saturation', 'runtime.event-loop-saturation', 'runtime.gc-pressure'),
  ],
  'api.error-hotspot': (_f, all) =>
    ofCheck(all, 'db-client.pool-saturation', 'postgres.connections-near-limit', 'postgres.lock-waits'),
  'api.database-bound-route': (f, all) => [
    ...ofCheck(all, 'api.n-plus-one-queries').filter((c) => sameTarget(f, c, ROUTE)),
    ...ofCheck(all, 'db-client.pool-saturation', 'postgres.lock-waits'),
    ...dominantStatements(all),
  ],
  'db-client.pool-saturation': (_f, all) => [
    ...ofCheck(all, 'postgres.long-transactions', 'postgres.lock-waits'),
    ...dominantStatements(all),
  ],
  'runtime.event-loop-saturation': (f, all) =>
    ofCheck(all, 'runtime.gc-pressure').filter((c) => sameTarget(f, c, ['instance'])),
  'runtime.gc-pressure': (f, all) =>
    ofCheck(all, 'runtime.memory-growth').filter((c) => sameTarget(f, c, ['instance'])),
  'postgres.top-time-statements': (f, all, e) => scannedTables(f, all, e),
  'postgres.slow-statements': (f, all, e) => [
    ...scannedTables(f, all, e),
    ...ofCheck(all, 'postgres.lock-waits').filter((c) => sameTarget(f, c, ['datname'])),
  ],
  'postgres.low-cache-hit-ratio': (f, all) =>
    ofCheck(all, 'postgres.sequential-scans').filter((c) => sameTarget(f, c, ['datname'])),
  'postgres.lock-waits': (f, all) =>
    ofCheck(all, 'postgres.long-transactions').filter((c) => sameTarget(f, c, ['datname'])),
};

/**
 * The share of its symptom's score a linked cause takes, so a chain ranks together, each cause right below the
 * symptom it explains and never above it.
 */
export const INHERITED_SCORE_SHARE = 0.95;

/**
 * Fills `causedBy` across layers (a slow route ← its database time ← the dominant statement ← the table it
 * scans), names the statements on each sequential-scan finding, and scores causes by the impact of what they
 * explain (see {@link inheritScores}).
 */
export function attributeCauses(findings: readonly Finding[], evidence: AnalysisEvidence): Finding[] {
  const linked = findings.map((f) => ({
    ...f,
    causedBy: [] as string[],
    evidence: [...f.evidence],
    recommendations: [...f.recommendations],
  }));
  for (const effect of linked) {
    const causes = RULES[effect.check]?.(effect, linked, evidence) ?? [];
    effect.causedBy = [...new Set(causes.filter((c) => c.id !== effect.id).map((c) => c.id))].sort();
  }
  nameScanningStatements(linked);
  inheritScores(linked);
  return linked;
}

function nameScanningStatements(findings: Finding[]): void {
  for (const scan of ofCheck(findings, 'postgres.sequential-scans')) {
    const statements = findings.filter(
      (f) => f.check.startsWith('postgres.') && f.causedBy.includes(scan.id) && f.target.queryid,
    );
    const ids = [...new Set(statements.map((s) => s.target.queryid as string))].sort();
    if (ids.length === 0) continue;
    scan.title += `; read by statement${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`;
    const first = scan.recommendations[0];
    if (first?.sql) {
      scan.recommendations[0] = {
        ...first,
        sql: `${ids.map((id) => `-- the statement's WHERE clause names the column:\n${statementLookupSql(id)}`).join('\n')}\n${first.sql}`,
      };
    }
  }
}

/**
 * Findings are ranked by user impact. A finding that explains others (it is in their `causedBy`) has no user
 * impact of its own beyond theirs: its score becomes 95% of the highest final score among the findings it
 * causes, whether its own magnitude was lower (a chain ranks together) or higher (a cause never outranks the
 * symptom it explains). A finding that explains nothing keeps its own score (below the API layer, a magnitude
 * capped at 30). Scores settle from the symptoms down, so a chain of causes steps down by 5% a link.
 */
function inheritScores(findings: Finding[]): void {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const effectsOf = new Map<string, Finding[]>();
  for (const effect of findings) {
    for (const causeId of effect.causedBy) {
      if (byId.has(causeId)) effectsOf.set(causeId, [...(effectsOf.get(causeId) ?? []), effect]);
    }
  }
  const settled = new Map<string, number>();
  const settle = (finding: Finding, path: ReadonlySet<string>): number => {
    const known = settled.get(finding.id);
    if (known !== undefined) return known;
    // Links point down a DAG; should a rule ever close a cycle, the finding on it keeps its own score.
    const effects = (effectsOf.get(finding.id) ?? []).filter((e) => !path.has(e.id));
    const onPath = new Set([...path, finding.id]);
    let rankedWith: { effect: Finding; score: number } | undefined;
    for (const effect of effects) {
      const score = settle(effect, onPath);
      if (
        !rankedWith ||
        score > rankedWith.score ||
        (score === rankedWith.score && effect.id < rankedWith.effect.id)
      )
        rankedWith = { effect, score };
    }
    if (!rankedWith) {
      settled.set(finding.id, finding.impact.score);
      return finding.impact.score;
    }
    const score = roundTo(rankedWith.score * INHERITED_SCORE_SHARE, 2);
    settled.set(finding.id, score);
    return score;
  };
  for (const finding of findings) settle(finding, new Set());
  for (const finding of findings) {
    const effects = effectsOf.get(finding.id);
    if (!effects) continue;
    const [top] = [...effects].sort(
      (a, b) => (settled.get(b.id) ?? 0) - (settled.get(a.id) ?? 0) || a.id.localeCompare(b.id),
    );
    if (!top) continue;
    finding.impact = {
      score: settled.get(finding.id) ?? finding.impact.score,
      explanation: `${finding.impact.explanation} Ranked with ${top.id} (score ${formatNumber(settled.get(top.id) ?? 0)}), which it causes.`,
    };
  }
}
