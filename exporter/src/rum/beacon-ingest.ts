import type { CardinalityGuard } from '@perflens/instrument';
import { parseBeacon } from './beacon-parser';
import { DeviceClassCache, type DeviceClass } from './device-class';
import type { PageMatcher } from './page-matcher';
import type { RecentIds } from './recent-ids';
import type { RumMetrics } from './rum-metrics';
import { WEB_VITAL_NAMES, WEB_VITAL_SPECS, type WebVitalName } from './web-vital-names';

export type IngestResult =
  | { ok: true; accepted: number; duplicates: number; rejected: number }
  | { ok: false; reason: string; message: string };

type Observe = (value: number) => void;

/**
 * Turns one beacon body into histogram observations: validation, duplicate suppression, the page
 * template and device class labels, and the series cap. The HTTP concerns (origin, rate, size, type)
 * stay in the endpoint; this is the part that decides what reaches the metrics.
 */
export class BeaconIngest {
  private readonly deviceClasses = new DeviceClassCache();
  /**
   * Per web vital, the observe function of each admitted (page, device_class) series. Only label sets the
   * guard admitted are kept, so each map holds at most maxSeriesPerMetric entries; label sets over the cap
   * go through the guard every time, which counts each folded observation.
   */
  private readonly observers = new Map<WebVitalName, Map<string, Observe>>(
    WEB_VITAL_NAMES.map((name) => [name, new Map()]),
  );

  constructor(
    private readonly metrics: RumMetrics,
    private readonly guard: CardinalityGuard,
    private readonly pages: PageMatcher,
    private readonly recentIds: RecentIds,
  ) {}

  ingest(body: string, userAgent: string | undefined): IngestResult {
    const beacon = parseBeacon(body);
    if (!beacon.ok) return beacon;
    for (const reason of beacon.rejected) this.metrics.samples('rejected', reason).inc();
    const page = this.pages.match(beacon.page);
    const deviceClass = this.deviceClasses.of(userAgent);
    let accepted = 0;
    let duplicates = 0;
    for (const sample of beacon.samples) {
      if (!this.recentIds.firstSighting(`${sample.name}:${sample.id}`)) {
        duplicates++;
        this.metrics.samples('duplicate', 'duplicate_id').inc();
        continue;
      }
      this.observerFor(sample.name, page, deviceClass)(sample.value * WEB_VITAL_SPECS[sample.name].scale);
      this.metrics.samples('accepted', 'ok').inc();
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

  private observerFor(name: WebVitalName, page: string, deviceClass: DeviceClass): Observe {
    const observers = this.observers.get(name)!;
    const key = `${page}\u0001${deviceClass}`;
    const known = observers.get(key);
    if (known !== undefined) return known;
    const wanted = { page, device_class: deviceClass };
    // The guard returns `wanted` itself when it admits it, and the overflow label set when it does not.
    const labels = this.guard.admit(WEB_VITAL_SPECS[name].metricName, wanted);
    const histogram = this.metrics.histograms[name];
    const observe: Observe = (value) => histogram.observe(labels, value);
    if (labels === wanted) observers.set(key, observe);
    return observe;
  }
}
