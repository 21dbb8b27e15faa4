import { type MetricDefinition, ROUTE_BLOCKING_SECONDS } from '@perflens/conventions';
import { Counter, type Registry } from 'prom-client';
import type { CardinalityGuard } from '../cardinality/cardinality-guard';

export { ROUTE_BLOCKING_SECONDS };

type RouteLabel = 'http_request_method' | 'http_route';

export const routeBlockingMetricDefinitions: readonly MetricDefinition[] = [
  {
    name: ROUTE_BLOCKING_SECONDS,
    type: 'counter',
    help: 'Time a route’s code ran synchronously on the event loop: the handler chain up to its first await (also where a waiting middleware such as a body parser resumes it), and each continuation after a pg query up to its next await.',
    labels: ['http_request_method', 'http_route'],
    producer: 'instrument/http',
  },
];

/** One admitted (method, route): seconds not yet added to the counter. */
interface PendingSeries {
  readonly labels: Record<RouteLabel, string>;
  pendingSeconds: number;
  /** Whether the series exists in the counter yet (created at the first scrape after the first request). */
  created: boolean;
}

/**
 * Counts each finished request's synchronous time on the loop under its route. Divided by the route's
 * request rate it is the milliseconds per call the route holds the loop; against event-loop utilisation,
 * the share of the busy loop that is this route's (analysis: checks/runtime/blocking-route.ts).
 * A request adds its seconds to its admitted series in a Map (no prom-client label hashing per request);
 * the counter takes them at scrape time, in its collect(). Label sets past the cardinality cap pass the
 * guard on every request and go to the overflow series directly, as elsewhere.
 */
export class RouteBlockingRecorder {
  private readonly counter: Counter<RouteLabel>;
  /** By method, then route: two lookups of strings whose hashes V8 keeps, no key string per request. */
  private readonly admitted = new Map<string, Map<string, PendingSeries>>();

  constructor(
    registry: Registry,
    private readonly guard: CardinalityGuard,
  ) {
    const admitted = this.admitted;
    this.counter = new Counter({
      name: ROUTE_BLOCKING_SECONDS,
      help: routeBlockingMetricDefinitions[0]!.help,
      labelNames: ['http_request_method', 'http_route'],
      registers: [registry],
      collect() {
        for (const series of [...admitted.values()].flatMap((byRoute) => [...byRoute.values()])) {
          if (series.pendingSeconds === 0 && series.created) continue;
          // inc(0) included: every served route has a series, so "ms per call" is defined (0) for it.
          this.inc(series.labels, series.pendingSeconds);
          series.pendingSeconds = 0;
          series.created = true;
        }
      },
    });
  }

  record(method: string, route: string, seconds: number): void {
    const series = this.admitted.get(method)?.get(route);
    if (series !== undefined) {
      series.pendingSeconds += seconds;
      return;
    }
    const candidate: Record<RouteLabel, string> = { http_request_method: method, http_route: route };
    const labels = this.guard.admit(ROUTE_BLOCKING_SECONDS, candidate);
    if (labels === candidate) {
      let byRoute = this.admitted.get(method);
      if (byRoute === undefined) this.admitted.set(method, (byRoute = new Map()));
      byRoute.set(route, { labels, pendingSeconds: seconds, created: false });
    } else {
      this.counter.inc(labels, seconds); // over the cap: the overflow series
    }
  }
}
