import { HTTP_DURATION_BUCKETS, HTTP_REQUEST_DURATION } from '@perflens/conventions';

/** What {@link routeTrafficImportText} simulates. */
export interface RouteTraffic {
  job: string;
  instances: number;
  /** Mean requests per second of each route on each instance; route `/r<i>` gets `routeRates[i]`. */
  routeRates: readonly number[];
  /** Share of requests answered with a 500 (a second series beside the 200s). */
  errorShare: number;
  scrapeSeconds: number;
  /** [start, end) in Unix seconds. */
  window: [number, number];
  seed: number;
}

/** Cumulative share of requests within each bucket of HTTP_DURATION_BUCKETS: a median near 80 ms. */
const LATENCY_CDF = [0.01, 0.04, 0.15, 0.3, 0.42, 0.55, 0.85, 0.95, 0.98, 0.99, 0.997, 0.999, 0.9995, 0.9998];

/**
 * The instrumentation library's HTTP histogram (`_count`, `_sum`, `_bucket` per `le`) of every instance,
 * route and status code, scraped every `scrapeSeconds`, as Prometheus text with millisecond timestamps
 * for VictoriaMetrics's import. Counters move like real ones: integer increments that vary from scrape to
 * scrape (a fixed-seed generator, so every run stores the same bytes), a float latency sum.
 */
export function routeTrafficImportText(traffic: RouteTraffic): string {
  let state = traffic.seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const lines: string[] = [];
  const totals = new Map<string, { count: number; sum: number; buckets: number[] }>();
  const les = [...HTTP_DURATION_BUCKETS.map(String), '+Inf'];
  for (let t = traffic.window[0]; t < traffic.window[1]; t += traffic.scrapeSeconds) {
    for (let instance = 0; instance < traffic.instances; instance++) {
      traffic.routeRates.forEach((rate, route) => {
        for (const [status, share] of [
          ['200', 1 - traffic.errorShare],
          ['500', traffic.errorShare],
        ] as const) {
          const labels = `job="${traffic.job}",instance="i-${instance}:9464",http_request_method="GET",http_route="/r${route}",http_response_status_code="${status}"`;
          const total = totals.get(labels) ?? { count: 0, sum: 0, buckets: les.map(() => 0) };
          // Rounded up or down at random in proportion, so that rare errors still happen at their rate.
          const requests = Math.floor(
            rate * share * traffic.scrapeSeconds * (0.6 + 0.8 * random()) + random(),
          );
          total.count += requests;
          total.sum += requests * 0.09 * (0.7 + 0.6 * random());
          let within = 0;
          total.buckets = total.buckets.map((bucket, index) => {
            const cdf = LATENCY_CDF[index];
            within =
              cdf === undefined
                ? requests
                : Math.max(within, Math.min(requests, Math.round(requests * cdf * (0.9 + 0.2 * random()))));
            return bucket + within;
          });
          totals.set(labels, total);
          const ms = t * 1000;
          lines.push(`${HTTP_REQUEST_DURATION}_count{${labels}} ${total.count} ${ms}`);
          lines.push(`${HTTP_REQUEST_DURATION}_sum{${labels}} ${total.sum} ${ms}`);
          les.forEach((le, index) =>
            lines.push(`${HTTP_REQUEST_DURATION}_bucket{${labels},le="${le}"} ${total.buckets[index]} ${ms}`),
          );
        }
      });
    }
  }
  return `${lines.join('\n')}\n`;
}
