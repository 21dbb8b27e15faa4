import { HTTP_REQUEST_DURATION } from '@perflens/conventions';
import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatSeconds } from '../../findings/format-values';
import { makeFinding } from '../../findings/make-finding';
import type { LoadTestEvidence } from '../../sources/load-test-evidence';
import type { ResolvedThresholds } from '../../thresholds/resolve-thresholds';

export const capacityCheck: CheckMetadata = {
  id: 'load-test.capacity',
  layer: 'load-test',
  title: 'Capacity within the SLO',
  whyItMatters:
    'The highest request rate the service sustained while its p95 stayed within the latency SLO: the number to plan traffic and scaling against.',
  scoring: 'Informational (score 0).',
  thresholds: `k6 request rates inside the run's own window: the average between its first and last sample, the peak over max(10 s, two sample intervals), and the highest such rate at which the service-side p95 per minute (${HTTP_REQUEST_DURATION}) was within the job-wide latency SLO threshold (else api.latencyThresholdSeconds).`,
  remedy:
    'Compare with expected peak traffic; a breakpoint test (ramping arrival rate) finds the limit precisely.',
};

/** The highest request rate of the run at which the service's p95 stayed within threshold, and its peak. */
export function findCapacity(evidence: LoadTestEvidence, _thresholds: ResolvedThresholds): CheckedFinding[] {
  const sustained = evidence.sustainedRequestsPerSecond;
  const peak = evidence.peakRequestsPerSecond;
  if (peak === undefined) return [];
  const limitText = formatSeconds(evidence.capacityThresholdSeconds);
  const beyond = sustained === undefined || sustained < peak;
  return [
    makeFinding(capacityCheck, {
      target: { testid: evidence.testid },
      severity: 'info',
      impact: { score: 0, explanation: 'Informational: a measured capacity, not a problem.' },
      title:
        sustained === undefined
          ? `k6 ${evidence.testid}: p95 above ${limitText} at every rate tested (peak ${formatNumber(peak)} req/s)`
          : `k6 ${evidence.testid}: sustained ${formatNumber(sustained)} req/s with p95 ≤ ${limitText}${beyond ? ` (peak ${formatNumber(peak)} req/s was beyond it)` : ' (the whole run)'}`,
      evidence: [
        ...(sustained !== undefined
          ? [
              {
                label: 'highest rate within the latency threshold',
                query: evidence.queries.sustainedRate ?? '',
                value: sustained,
                unit: 'requests_per_second' as const,
                threshold: evidence.capacityThresholdSeconds,
              },
            ]
          : []),
        {
          label: 'peak rate of the run',
          query: evidence.queries.peakRate ?? '',
          value: peak,
          unit: 'requests_per_second',
        },
        ...(evidence.averageRequestsPerSecond !== undefined
          ? [
              {
                label: 'average rate of the run',
                query: evidence.queries.averageRate ?? '',
                value: evidence.averageRequestsPerSecond,
                unit: 'requests_per_second' as const,
              },
            ]
          : []),
      ],
      recommendations: [
        {
          kind: 'guidance',
          action: beyond
            ? 'Plan capacity below the sustained rate, and fix the findings of the range where the p95 broke to raise it.'
            : 'The service never left the SLO: raise the load (breakpoint test) to find where it does.',
          expectedEffect: 'A known traffic limit per instance to scale against.',
          effort: 'low',
        },
      ],
    }),
  ];
}
