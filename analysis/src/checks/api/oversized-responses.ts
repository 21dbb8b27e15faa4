import { HTTP_RESPONSE_BODY_SIZE } from '@perflens/conventions';
import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatBytes, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { ApiEvidence } from '../../sources/api-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { routeName, routeTarget, trafficShare } from './route-target';

export const oversizedResponsesCheck: CheckMetadata = {
  id: 'api.oversized-responses',
  layer: 'api',
  title: 'Oversized responses',
  whyItMatters:
    'Large responses take long to serialise and to download on mobile networks, hold memory per request, and usually carry data nobody displays.',
  scoring: 'Route share of traffic × (mean size / 4 × threshold, at most 1) × 100.',
  thresholds: `api.responseSizeBytes (1 MiB) mean response body size (${HTTP_RESPONSE_BODY_SIZE}).`,
  remedy: 'Paginate, select only the fields the client uses, and compress (gzip/br).',
};

/** Routes whose mean response body is larger than the threshold. */
export function findOversizedResponses(
  evidence: ApiEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const limit = thresholds.values.api.responseSizeBytes;
  const findings: CheckedFinding[] = [];
  for (const route of evidence.routes) {
    const size = route.meanResponseSizeBytes;
    if (
      size === undefined ||
      size < limit ||
      route.requestsPerSecond < thresholds.values.api.minRequestsPerSecond
    )
      continue;
    const share = trafficShare(evidence, route);
    const magnitude = clamp01(size / (4 * limit));
    findings.push(
      makeFinding(oversizedResponsesCheck, {
        target: routeTarget(evidence, route),
        severity: 'warning',
        impact: {
          score: share * magnitude * 100,
          explanation: `${routeName(route)} carries ${formatPercent(share)} of traffic with responses of ${formatBytes(size)} on average.`,
        },
        title: `${routeName(route)}: responses of ${formatBytes(size)} on average`,
        evidence: [
          {
            label: 'mean response size',
            query: evidence.queries.meanResponseSize,
            value: size,
            unit: 'bytes',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'api.responseSizeBytes'),
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action:
              'Paginate the list (limit + cursor), return only the fields the client renders, and enable compression.',
            expectedEffect:
              'JSON typically compresses 5–10×; pagination bounds the size whatever the data grows to.',
            effort: 'low',
            config: "import compression from 'compression';\napp.use(compression());",
          },
        ],
      }),
    );
  }
  return findings;
}
