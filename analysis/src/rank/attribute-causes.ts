import type { AnalysisEvidence } from '../checks/check-catalogue';
import { readsTableWhole } from '../checks/postgres/table-readers';
import type { CheckedFinding } from '../findings/finding';
import type { PostgresEvidence } from '../sources/postgres-evidence';
import {
  loopBusyWithGc,
  poolBusyWithStatements,
  requestP95,
  routeP95,
  sharedResourceCauses,
  usesDatabase,
} from './shared-resource-causes';

/** A checked finding with the ids of the findings that cause it. */
export type LinkedFinding = CheckedFinding & { causedBy: string[] };

type Rule = (
  effect: CheckedFinding,
  all: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
) => CheckedFinding[];

const sameTarget = (a: CheckedFinding, b: CheckedFinding, labels: readonly string[]) =>
  labels.every((l) => a.target[l] === b.target[l]);
const ofCheck = (all: readonly CheckedFinding[], ...checks: string[]) =>
  all.filter((f) => checks.includes(f.check));
const ROUTE = ['http_request_method', 'http_route'];

/** The statement(s) that dominate database time: top-time findings, else the slow statement that weighs most. */
function dominantStatements(all: readonly CheckedFinding[]): CheckedFinding[] {
  const top = ofCheck(all, 'postgres.top-time-statements');
  if (top.length > 0) return top;
  const slow = ofCheck(all, 'postgres.slow-statements').sort((a, b) => b.ownImpact.score - a.ownImpact.score);
  return slow.slice(0, 1);
}

/** A route's findings, for a k6 request name: k6 names requests by route template (k6-scripts/README.md). */
function sameRouteAsRequest(breach: CheckedFinding, all: readonly CheckedFinding[], ...checks: string[]) {
  return ofCheck(all, ...checks).filter(
    (f) =>
      f.target.http_route === breach.target.name && f.target.http_request_method === breach.target.method,
  );
}

/**
 * Sequential-scan findings for tables the statement reads whole (checks/postgres/table-readers.ts), judged on
 * the whole range or on its recent window: a scan that began minutes ago is diluted in the range's blocks per
 * call, and either finding may have been judged on the recent window (checks/judge-recent-window.ts).
 */
function scannedTables(
  statement: CheckedFinding,
  all: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
): CheckedFinding[] {
  const scans = ofCheck(all, 'postgres.sequential-scans').filter(
    (f) => f.target.datname === statement.target.datname,
  );
  const windows = [evidence.postgres, evidence.recent?.postgres].filter((p) => p !== undefined);
  const statsOf = (postgres: PostgresEvidence) =>
    postgres.statements.find(
      (s) => s.datname === statement.target.datname && s.queryid === statement.target.queryid,
    );
  const withBlocks = windows.filter((p) => {
    const stats = statsOf(p);
    return stats?.blocksPerSecond && stats.callsPerSecond > 0;
  });
  // Without block counts, a lone scanned table in the statement's database is the best guess.
  if (withBlocks.length === 0) return scans.length === 1 ? scans : [];
  return scans.filter((scan) =>
    withBlocks.some((postgres) => {
      const stats = statsOf(postgres);
      const table = postgres.tables.find(
        (t) =>
          t.datname === scan.target.datname &&
          t.schemaname === scan.target.schemaname &&
          t.relname === scan.target.relname,
      );
      return stats !== undefined && table !== undefined && readsTableWhole(stats, table) === true;
    }),
  );
}

/**
 * Which findings can cause which: from an effect towards the layers below it, so links form no cycle. The one
 * link back up is from a saturated event loop to the service's oversized responses, which every instance
 * serialises on that loop; oversized responses have no causes of their own, so it closes no cycle either.
 */
const RULES: Record<string, Rule> = {
  'frontend.poor-web-vitals': (f, all) =>
    f.target.vital === 'lcp'
      ? ofCheck(all, 'frontend.slow-ttfb').filter((t) => sameTarget(f, t, ['page', 'device_class']))
      : [],
  'frontend.slow-ttfb': (_f, all) => ofCheck(all, 'api.route-slower-than-slo', 'api.error-hotspot'),
  // A breach is explained through its own route (k6's name tag is the route template): the route's latency
  // or errors, else what the service measured on that route. A saturated event loop delays every request,
  // including the time before the service's own timer starts, which only k6 sees, so it is linked directly.
  'load-test.threshold-breaches': (f, all, e) => {
    const symptoms = sameRouteAsRequest(f, all, 'api.route-slower-than-slo', 'api.error-hotspot');
    if (symptoms.length > 0) return symptoms;
    // The service did not find the route slow: what it measured there, and a shared cause that accounts
    // for k6's latency (a blocked loop delays requests before the service's own timer starts).
    return [
      ...sameRouteAsRequest(
        f,
        all,
        'api.database-bound-route',
        'api.n-plus-one-queries',
        'api.oversized-responses',
      ),
      ...sharedResourceCauses(all, e, {
        p95Seconds: requestP95(f, e),
        takesConnections: usesDatabase(f.target.method, f.target.name, e),
      }),
    ];
  },
  'api.route-slower-than-slo': (f, all, e) => {
    const shared = sharedResourceCauses(all, e, {
      p95Seconds: routeP95(f.target.http_request_method, f.target.http_route, e),
      takesConnections: usesDatabase(f.target.http_request_method, f.target.http_route, e),
    });
    return [
      ...ofCheck(all, 'api.database-bound-route', 'api.n-plus-one-queries', 'api.oversized-responses').filter(
        (c) => sameTarget(f, c, ROUTE),
      ),
      ...shared,
      ...ofCheck(all, 'runtime.gc-pressure'),
      // A busy host explains a slow route only through the service's own saturated event loop: on a shared
      // machine, CPU taken by others shows in the loop first (rank/contain-host-findings.ts).
      ...(shared.some((c) => c.check === 'runtime.event-loop-saturation')
        ? ofCheck(all, 'host.cpu-pressure')
        : []),
    ];
  },
  'api.error-hotspot': (_f, all) =>
    ofCheck(all, 'db-client.pool-saturation', 'postgres.connections-near-limit', 'postgres.lock-waits'),
  // Database time is measured in the client, up to the callback that receives the result: a saturated event
  // loop runs that callback late, so part of what looks like database time is the loop's.
  'api.database-bound-route': (f, all, e) => [
    ...ofCheck(all, 'api.n-plus-one-queries').filter((c) => sameTarget(f, c, ROUTE)),
    ...ofCheck(all, 'postgres.lock-waits'),
    ...sharedResourceCauses(all, e, {
      p95Seconds: routeP95(f.target.http_request_method, f.target.http_route, e),
      takesConnections: true,
    }),
    ...dominantStatements(all),
  ],
  'db-client.pool-saturation': (f, all, e) => [
    ...ofCheck(all, 'postgres.long-transactions', 'postgres.lock-waits'),
    ...(poolBusyWithStatements(f, e) ? dominantStatements(all) : []),
  ],
  'runtime.event-loop-saturation': (f, all, e) => [
    ...ofCheck(all, 'runtime.gc-pressure').filter(
      (c) => sameTarget(f, c, ['instance']) && loopBusyWithGc(f, e),
    ),
    ...ofCheck(all, 'api.oversized-responses'),
  ],
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
 * Fills `causedBy` across layers (a slow route ← its database time ← the dominant statement ← the table it
 * scans): the one stage that links findings. A cause is linked to a symptom through something they share
 * (route, instance, database, statement, table) wherever the metrics name one.
 */
export function attributeCauses(
  findings: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
): LinkedFinding[] {
  return findings.map((effect) => {
    const causes = RULES[effect.check]?.(effect, findings, evidence) ?? [];
    return {
      ...effect,
      causedBy: [...new Set(causes.filter((c) => c.id !== effect.id).map((c) => c.id))].sort(),
    };
  });
}
