import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import type { FrontendEvidence } from '../../sources/frontend-evidence';
import type { ResolvedThresholds } from '../../thresholds/resolve-thresholds';
import { findVitalAbove } from './poor-web-vitals';

export const slowTtfbCheck: CheckMetadata = {
  id: 'frontend.slow-ttfb',
  layer: 'frontend',
  title: 'Slow time to first byte (backend)',
  whyItMatters:
    'Users wait for the server before the browser can render anything: TTFB is the backend’s share of every page load, and it delays LCP by as much.',
  scoring: 'Page share of page views × (1 when poor, 0.5 when it needs improvement) × 100.',
  thresholds:
    'web.dev’s TTFB boundaries at the 75th percentile: good ≤ 800 ms, poor > 1.8 s (frontend.ttfbGoodSeconds, frontend.ttfbPoorSeconds).',
  remedy: 'Fix the backend findings linked as causes (slow routes, database time); cache HTML at the edge.',
};

/** Pages whose p75 TTFB is above the "good" boundary; rank/attribute-causes.ts links them to slow routes. */
export function findSlowTtfb(evidence: FrontendEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  return findVitalAbove(
    'ttfb',
    slowTtfbCheck,
    evidence,
    thresholds,
    'Speed up the backend routes that render this page (linked below), and cache the HTML or serve it from a CDN when it is the same for every user.',
  );
}
