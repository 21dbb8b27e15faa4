import {
  HTTP_REQUEST_DURATION,
  ROUTE_DB_QUERIES,
  ROUTE_STATEMENT_CALLS,
  selector,
} from '@perflens/conventions';
import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { ApiEvidence, RouteStats } from '../../sources/api-evidence';
import { OVERFLOW, type RelationsEvidence } from '../../sources/relations-evidence';
import { boundedStatementText, TITLE_TEXT_MAX_CHARS } from '../postgres/statement-sql';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { routeName, routeTarget, trafficShare } from './route-target';

export const nPlusOneQueriesCheck: CheckMetadata = {
  id: 'api.n-plus-one-queries',
  layer: 'api',
  title: 'N+1 queries',
  whyItMatters:
    'The route issues many database queries per request, typically one per item of a list: each adds a network round trip and a statement parse, and the count grows with the data.',
  scoring: 'Route share of traffic × database share of its time (0.5 when unknown) × 100.',
  thresholds: `api.queriesPerRequest (10) database queries per request (${ROUTE_DB_QUERIES} / requests).`,
  remedy:
    'Load related rows in one query (JOIN, or WHERE id = ANY($1)) or batch them (DataLoader); the finding names the repeated statement from perflens_route_statement_calls_total when the instrumentation exports it.',
};

/** Routes that issue so many queries per request that they are likely loading items one by one. */
export function findNPlusOneQueries(
  evidence: ApiEvidence,
  thresholds: ResolvedThresholds,
  relations?: RelationsEvidence,
): CheckedFinding[] {
  const limit = thresholds.values.api.queriesPerRequest;
  const findings: CheckedFinding[] = [];
  for (const route of evidence.routes) {
    const queries = route.dbQueriesPerRequest;
    if (
      route.requestsPerSecond < thresholds.values.api.minRequestsPerSecond ||
      queries === undefined ||
      queries < limit
    )
      continue;
    const share = trafficShare(evidence, route);
    const dbShare =
      route.dbSecondsPerRequest !== undefined && route.meanDurationSeconds
        ? clamp01(route.dbSecondsPerRequest / route.meanDurationSeconds)
        : 0.5;
    const perQuery =
      route.dbSecondsPerRequest !== undefined ? route.dbSecondsPerRequest / queries : undefined;
    const repeated = repeatedStatement(evidence, route, relations);
    const query = repeated?.query !== undefined ? boundedStatementText(repeated.query) : undefined;
    const named = repeated
      ? `; ${query !== undefined ? boundedStatementText(query, TITLE_TEXT_MAX_CHARS) : `statement ${repeated.fingerprint}`} runs ${formatNumber(repeated.callsPerRequest)} times per request`
      : '';
    findings.push(
      makeFinding(nPlusOneQueriesCheck, {
        target: routeTarget(evidence, route),
        severity: 'warning',
        impact: {
          score: share * dbShare * 100,
          explanation: `${routeName(route)} carries ${formatPercent(share)} of traffic and spends ${formatPercent(dbShare)} of its time in its ${formatNumber(queries)} queries per request.`,
        },
        title: `${routeName(route)}: ${formatNumber(queries)} database queries per request (N+1 pattern${named})`,
        evidence: [
          {
            label: 'queries per request',
            query: evidence.queries.dbQueriesPerRequest,
            value: queries,
            unit: 'queries_per_request',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'api.queriesPerRequest'),
          },
          ...(repeated
            ? [
                {
                  label: `calls per request of its most repeated statement (${repeated.fingerprint})`,
                  query: repeated.evidenceQuery,
                  value: repeated.callsPerRequest,
                  unit: 'queries_per_request' as const,
                },
              ]
            : []),
        ],
        recommendations: [
          {
            kind: 'batch-queries',
            method: route.method,
            route: route.route,
            queriesPerRequest: queries,
            ...(perQuery !== undefined ? { secondsPerQuery: perQuery } : {}),
            ...(repeated
              ? {
                  repeated: {
                    fingerprint: repeated.fingerprint,
                    ...(query !== undefined ? { query } : {}),
                    callsPerRequest: repeated.callsPerRequest,
                  },
                }
              : {}),
          },
        ],
      }),
    );
  }
  return findings;
}

/** The statement a route runs most often per request, by its fingerprint (all pools together). */
export interface RepeatedStatement {
  fingerprint: string;
  /** Normalized text (perflens_db_statement_info), when the instrumentation exports it. */
  query?: string;
  callsPerRequest: number;
  /** A query of this route and statement alone that returns `callsPerRequest`, to paste into Prometheus. */
  evidenceQuery: string;
}

/**
 * The route's most repeated statement from perflens_route_statement_calls_total: in an N+1 loop, the
 * per-item query. The statements folded past the route's cap (`__overflow__`) are not one statement.
 */
export function repeatedStatement(
  evidence: ApiEvidence,
  route: RouteStats,
  relations: RelationsEvidence | undefined,
): RepeatedStatement | undefined {
  if (!relations || route.requestsPerSecond <= 0) return undefined;
  const calls = new Map<string, { callsPerSecond: number; query?: string }>();
  for (const use of relations.statements) {
    if (use.method !== route.method || use.route !== route.route || use.fingerprint === OVERFLOW) continue;
    const seen = calls.get(use.fingerprint) ?? { callsPerSecond: 0 };
    seen.callsPerSecond += use.callsPerSecond;
    if (use.text !== undefined) seen.query = use.text;
    calls.set(use.fingerprint, seen);
  }
  const [top] = [...calls.entries()].sort(
    ([fa, a], [fb, b]) => b.callsPerSecond - a.callsPerSecond || fa.localeCompare(fb),
  );
  if (!top || top[1].callsPerSecond <= 0) return undefined;
  const [fingerprint, { callsPerSecond, query }] = top;
  const labels = { job: evidence.job, http_request_method: route.method, http_route: route.route };
  const byRoute = 'by (http_request_method, http_route)';
  return {
    fingerprint,
    ...(query !== undefined ? { query } : {}),
    callsPerRequest: callsPerSecond / route.requestsPerSecond,
    evidenceQuery: `sum ${byRoute} (rate(${selector(ROUTE_STATEMENT_CALLS, { ...labels, db_statement_fingerprint: fingerprint })}[${evidence.range}])) / sum ${byRoute} (rate(${selector(`${HTTP_REQUEST_DURATION}_count`, labels)}[${evidence.range}]))`,
  };
}
