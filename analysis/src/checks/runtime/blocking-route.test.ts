import { apiEvidence, route, runtimeEvidence, thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { RuntimeEvidence, RuntimeInstanceStats } from '../../sources/runtime-evidence';
import type { RouteBlockingStats } from '../../sources/runtime-evidence-routes';
import { findEventLoopSaturation } from './event-loop-saturation';

const defaults = thresholds();

/** The service: busy 23% on average, p99 lag 94 ms on average but peaking at 350 ms. */
const login: RuntimeInstanceStats = {
  instance: 'bookings:3100',
  eventLoopUtilizationRatio: 0.23,
  eventLoopUtilizationPeakRatio: 0.4,
  eventLoopLagP99PeakSeconds: 0.35,
  eventLoopLaggingRatio: 0.45,
};

function measured(instance: RuntimeInstanceStats, routes: RouteBlockingStats[]): RuntimeEvidence {
  return {
    ...runtimeEvidence([instance]),
    routeBlocking: {
      byInstance: new Map([[instance.instance, routes]]),
      queries: { routeBlocking: 'routeBlocking', routeRequests: 'routeRequests' },
      job: 'bookings',
      range: '15m',
    },
  };
}

const routes: RouteBlockingStats[] = [
  { method: 'POST', route: '/auth/login', blockingSecondsPerSecond: 0.17, requestsPerSecond: 0.95 },
  { method: 'GET', route: '/venues/:id', blockingSecondsPerSecond: 0.02, requestsPerSecond: 20 },
  // Awaits a 400 ms external call: long, but its loop time is the few microseconds around the await.
  { method: 'POST', route: '/bookings', blockingSecondsPerSecond: 0.001, requestsPerSecond: 2 },
];

describe('runtime.event-loop-saturation: the blocking route, measured', () => {
  it('finds the issue’s loop (low mean utilisation, lag peaks) and names the route with its ms per call and share', () => {
    const [finding, ...rest] = findEventLoopSaturation(measured(login, routes), defaults);
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toBe(
      'bookings:3100: event loop p99 lag above 100 ms for 45% of the range (peak 350 ms), busy 23% on average; POST /auth/login blocks the event loop for 179 ms per call, 73.9% of its utilisation',
    );
    expect(finding?.evidence.slice(-2)).toEqual([
      {
        label: 'POST /auth/login: synchronous time on the event loop per call',
        query:
          'sum(rate(perflens_http_route_blocking_seconds_total{job="bookings",instance="bookings:3100",http_request_method="POST",http_route="/auth/login"}[15m])) / sum(rate(http_server_request_duration_seconds_count{job="bookings",instance="bookings:3100",http_request_method="POST",http_route="/auth/login"}[15m]))',
        value: expect.closeTo(0.179, 3),
        unit: 'seconds',
      },
      {
        label: 'POST /auth/login: share of the event loop’s busy time',
        query:
          'sum(rate(perflens_http_route_blocking_seconds_total{job="bookings",instance="bookings:3100",http_request_method="POST",http_route="/auth/login"}[15m])) / avg(avg_over_time(perflens_nodejs_eventloop_utilization{job="bookings",instance="bookings:3100"}[15m]))',
        value: expect.closeTo(0.739, 3),
        unit: 'ratio',
      },
    ]);
    expect(finding?.recommendations[0]).toHaveProperty(
      'action',
      expect.stringMatching(/^Profile POST \/auth\/login under load/),
    );
  });

  it('names a route whose calls each hold the loop past the lag threshold, though its share is small', () => {
    const rare = [
      { method: 'GET', route: '/venues/:id', blockingSecondsPerSecond: 0.3, requestsPerSecond: 100 },
      { method: 'GET', route: '/reports/export', blockingSecondsPerSecond: 0.05, requestsPerSecond: 0.1 },
    ];
    const [finding] = findEventLoopSaturation(
      measured({ ...login, eventLoopUtilizationRatio: 0.9 }, rare),
      defaults,
    );
    expect(finding?.title).toMatch(
      /; GET \/reports\/export blocks the event loop for 500 ms per call, 5.6% of its utilisation$/,
    );
  });

  it('names the route holding most of a busy loop when no call is long', () => {
    const busy = { ...login, eventLoopUtilizationRatio: 0.95, eventLoopLaggingRatio: 0 };
    const [finding] = findEventLoopSaturation(measured(busy, routes.slice(1)), defaults);
    // 2.1% of the busy time and 1 ms per call: not the cause.
    expect(finding?.title).toBe('bookings:3100: event loop busy 95% of the time, p99 lag peak 350 ms');
    const heavy = [
      { method: 'GET', route: '/venues/:id', blockingSecondsPerSecond: 0.6, requestsPerSecond: 20 },
    ];
    const [named] = findEventLoopSaturation(measured(busy, heavy), defaults);
    expect(named?.title).toBe(
      'bookings:3100: event loop busy 95% of the time, p99 lag peak 350 ms; GET /venues/:id blocks the event loop for 30 ms per call, 63.2% of its utilisation',
    );
  });

  it('does not fall back to time outside the database when the measure names no route', () => {
    const api = apiEvidence([
      route({
        route: '/venues/:id',
        requestsPerSecond: 20,
        p50DurationSeconds: 0.01,
        dbSecondsPerRequest: 0.002,
      }),
    ]);
    const [finding] = findEventLoopSaturation(measured(login, routes.slice(1)), defaults, api);
    expect(finding?.title).toBe(
      'bookings:3100: event loop p99 lag above 100 ms for 45% of the range (peak 350 ms), busy 23% on average',
    );
  });
});

describe('runtime.event-loop-saturation: the blocking route, inferred (no blocking counter)', () => {
  const loop = runtimeEvidence([login]);

  it('does not name a route awaiting a slow external call: its time outside the database exceeds the busy loop’s', () => {
    const api = apiEvidence([
      // 2 req/s × 400 ms waiting on the shipping service = 0.8 s per second, on a loop busy 0.23.
      route({
        route: '/api/shipping/quote',
        requestsPerSecond: 2,
        p50DurationSeconds: 0.4,
        dbSecondsPerRequest: 0,
      }),
      route({
        route: '/api/products',
        requestsPerSecond: 10,
        p50DurationSeconds: 0.012,
        dbSecondsPerRequest: 0.01,
      }),
    ]);
    const [finding] = findEventLoopSaturation(loop, defaults, api);
    expect(finding?.title).toBe(
      'bookings:3100: event loop p99 lag above 100 ms for 45% of the range (peak 350 ms), busy 23% on average',
    );
  });

  it('names a route whose time outside the database the busy loop matches', () => {
    const api = apiEvidence([
      route({
        route: '/auth/login',
        method: 'POST',
        requestsPerSecond: 0.95,
        p50DurationSeconds: 0.2,
        dbSecondsPerRequest: 0.004,
      }),
      route({
        route: '/api/products',
        requestsPerSecond: 10,
        p50DurationSeconds: 0.012,
        dbSecondsPerRequest: 0.01,
      }),
    ]);
    const [finding] = findEventLoopSaturation(loop, defaults, api);
    expect(finding?.title).toMatch(
      /; POST \/auth\/login spends 90.3% of the service’s time outside the database$/,
    );
  });
});
