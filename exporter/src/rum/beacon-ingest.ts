import type { CardinalityGuard } from '@perflens/instrument';
import { parseBeacon } from './beacon-parser';
import { deviceClassOf } from './device-class';
import type { PageMatcher } from './page-matcher';
import type { RecentIds } from './recent-ids';
import type { RumMetrics } from './rum-metrics';
import { WEB_VITAL_SPECS } from './web-vital-names';

export type IngestResult =
  | { ok: true; accepted: number; duplicates: number; rejected: number }
  | { ok: false; reason: string; message: string };

/**
 * Turns one beacon body into histogram observations: validation, duplicate suppression, the page
 * template and device class labels, and the series cap. The HTTP concerns (origin, rate, size, type)
 * stay in the endpoint; this is the part that decides what reaches the metrics.
 */
export class BeaconIngest {
  constructor(
    private readonly metrics: RumMetrics,
    private readonly guard: CardinalityGuard,
    private readonly pages: PageMatcher,
    private readonly recentIds: RecentIds,
  ) {}

  ingest(body: string, userAgent: string | undefined): IngestResult {
    const beacon = parseBeacon(body);
    if (!beacon.ok) return beacon;
    for (const reason of beacon.rejected) this.metrics.samples.inc({ outcome: 'rejected', reason });
    const labels = { page: this.pages.match(beacon.page), device_class: deviceClassOf(userAgent) };
    let accepted = 0;
    let duplicates = 0;
    for (const sample of beacon.samples) {
      if (!this.recentIds.firstSighting(`${sample.name}:${sample.id}`)) {
        duplicates++;
        this.metrics.samples.inc({ outcome: 'duplicate', reason: 'duplicate_id' });
        continue;
      }
      const spec = WEB_VITAL_SPECS[sample.name];
      this.metrics.histograms[sample.name].observe(
        this.guard.admit(spec.metricName, labels),
        sample.value * spec.scale,
      );
      this.metrics.samples.inc({ outcome: 'accepted', reason: 'ok' });
      accepted++;
    }
    if (accepted === 0 && duplicates === 0) {
      return {
        ok: false,
        reason: 'no_valid_samples',
        message: `no valid sample; rejected: ${[...new Set(beacon.rejected)].join(', ')}`,
      };
    }
    return { ok: true, accepted, duplicates, rejected: beacon.rejected.length };
  }
}
