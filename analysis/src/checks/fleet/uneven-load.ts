import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { FleetEvidence } from '../../sources/fleet-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { coefficientOfVariation, median } from './peer-statistics';

export const unevenLoadCheck: CheckMetadata = {
  id: 'api.uneven-load',
  layer: 'api',
  title: 'Uneven load across instances',
  whyItMatters:
    'Capacity is planned as if every instance took an equal share; when the load balancer sends one instance a multiple of the median, that instance saturates (and its users wait) while the fleet as a whole looks idle, and adding instances does not help.',
  scoring:
    'The busiest instance’s share of the requests × its excess over the median (1 − median / busiest, at most 1) × 100.',
  thresholds:
    'The busiest instance serves fleet.unevenLoadFactor (1.5) times the median instance’s request rate or more, across at least fleet.minInstances (3) instances that served requests; the coefficient of variation of the rates is reported beside it.',
  remedy:
    'Check the load balancer: its algorithm (least-requests rather than per-connection round robin), sticky sessions, long-lived keep-alive or HTTP/2 connections pinned to one instance, stale DNS in clients.',
};

/** The fleet when its busiest instance takes at least the threshold's multiple of the median request rate. */
export function findUnevenLoad(evidence: FleetEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  const { minInstances, unevenLoadFactor } = thresholds.values.fleet;
  const serving = evidence.instances.filter(
    (i): i is typeof i & { requestsPerSecond: number } =>
      i.requestsPerSecond !== undefined && Number.isFinite(i.requestsPerSecond) && i.requestsPerSecond > 0,
  );
  if (serving.length < minInstances) return [];
  const rates = serving.map((i) => i.requestsPerSecond);
  const center = median(rates);
  const busiest = serving.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  const factor = busiest.requestsPerSecond / center;
  if (factor < unevenLoadFactor) return [];
  const total = rates.reduce((sum, r) => sum + r, 0);
  const share = busiest.requestsPerSecond / total;
  const variation = coefficientOfVariation(rates);
  return [
    makeFinding(unevenLoadCheck, {
      target: { job: evidence.job, instance: busiest.instance },
      severity: 'warning',
      impact: {
        score: share * clamp01(1 - 1 / factor) * 100,
        explanation: `${busiest.instance} takes ${formatPercent(share)} of the requests where an even split would give it ${formatPercent(1 / serving.length)}.`,
      },
      title: `Uneven load across ${serving.length} instances of ${evidence.job}: ${busiest.instance} serves ${formatNumber(factor)}× the median request rate (${formatNumber(busiest.requestsPerSecond)} vs ${formatNumber(center)} req/s), coefficient of variation ${formatNumber(variation)}`,
      evidence: [
        {
          label: 'busiest instance’s request rate / median instance’s',
          query: evidence.queries.requests,
          value: factor,
          unit: 'score',
          threshold: unevenLoadFactor,
          thresholdSource: thresholdSource(thresholds, 'fleet.unevenLoadFactor'),
        },
        {
          label: `request rate of ${busiest.instance}`,
          query: evidence.queries.requests,
          value: busiest.requestsPerSecond,
          unit: 'requests_per_second',
        },
        {
          label: 'coefficient of variation of the instances’ request rates',
          query: `stddev(${evidence.queries.requests}) / avg(${evidence.queries.requests})`,
          value: variation,
          unit: 'ratio',
        },
      ],
      recommendations: [
        {
          kind: 'guidance',
          action: `Check how the load balancer spreads requests: prefer least-requests (or least-connections) to per-connection round robin, end sticky sessions the service does not need, and cap the lifetime of keep-alive and HTTP/2 connections (clients that hold one connection send ${busiest.instance} everything); in Kubernetes, kube-proxy balances connections, not requests.`,
          expectedEffect: `Every instance near the median ${formatNumber(center)} req/s; ${busiest.instance} no longer saturates first.`,
          effort: 'medium',
        },
      ],
    }),
  ];
}
