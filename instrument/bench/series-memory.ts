import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { metrics, ValueType } from '@opentelemetry/api';
import express from 'express';
import promBundle from 'express-prom-bundle';
import type { Histogram } from 'prom-client';
import { Registry } from 'prom-client';
import { HTTP_REQUEST_DURATION, HTTP_RESPONSE_BODY_SIZE } from '@perflens/conventions';
import { instrument } from '@perflens/instrument';

export const MEMORY_VARIANTS = ['perflens', 'express-prom-bundle', 'opentelemetry'] as const;
export type MemoryVariant = (typeof MEMORY_VARIANTS)[number];

/** 100 routes × 3 methods × 5 statuses, the label sets of the render benchmark. */
export const MEMORY_SERIES = 1500;

export interface SeriesMemoryResult {
  variant: MemoryVariant;
  series: number;
  rssBytes: number;
  heapUsedBytes: number;
}

function forEachLabelSet(visit: (route: string, method: string, status: string) => void): void {
  for (let route = 0; route < 100; route++) {
    for (const method of ['GET', 'POST', 'DELETE']) {
      for (const status of ['200', '201', '400', '404', '500']) visit(`/route/${route}/:id`, method, status);
    }
  }
}

/** What each library keeps per label set after a request: the series a finished request creates. */
function createSeries(variant: MemoryVariant, otelExporter: PrometheusExporter | undefined): () => void {
  if (variant === 'perflens') {
    const perf = instrument({ app: express(), maxSeriesPerMetric: 10_000 });
    const duration = perf.registry.getSingleMetric(HTTP_REQUEST_DURATION) as Histogram;
    const responseSize = perf.registry.getSingleMetric(HTTP_RESPONSE_BODY_SIZE) as Histogram;
    return () =>
      forEachLabelSet((route, method, status) => {
        const labels = { http_request_method: method, http_route: route, http_response_status_code: status };
        duration.observe(labels, 0.02);
        responseSize.observe(labels, 512);
      });
  }
  if (variant === 'express-prom-bundle') {
    const bundle = promBundle({
      includeMethod: true,
      includePath: true,
      includeStatusCode: true,
      promRegistry: new Registry(),
    }) as unknown as { metrics: { http_request_duration_seconds: Histogram } };
    return () =>
      forEachLabelSet((route, method, status) =>
        bundle.metrics.http_request_duration_seconds.observe(
          { method, path: route, status_code: status },
          0.02,
        ),
      );
  }
  if (otelExporter === undefined) throw new Error('opentelemetry memory variant without the SDK registered');
  // The histogram instrumentation-http records (same name, unit and bucket advice), with its attributes.
  const histogram = metrics.getMeter('bench').createHistogram('http.server.request.duration', {
    unit: 's',
    valueType: ValueType.DOUBLE,
    advice: {
      explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    },
  });
  return () =>
    forEachLabelSet((route, method, status) =>
      histogram.record(0.02, {
        'http.request.method': method,
        'http.route': route,
        'http.response.status_code': Number(status),
        'url.scheme': 'http',
        'network.protocol.version': '1.1',
      }),
    );
}

function settledMemory(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('series memory needs node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage();
}

/**
 * Child-process entry (run with --expose-gc): resident and heap memory added by 1,500 series of the HTTP
 * duration histogram (Perflens: duration and response size, the two histograms a GET records). Rendering
 * is left out: a render's buffers are garbage once the scrape is answered.
 */
export async function measureSeriesMemory(
  variant: MemoryVariant,
  otelExporter: PrometheusExporter | undefined,
): Promise<void> {
  const create = createSeries(variant, otelExporter);
  // V8 grows its young generation (up to 32 MB of RSS) under a burst of short-lived allocations, once;
  // grow it before the baseline so that RSS measures the series, not which variant allocated faster.
  let sink: object[] = [];
  for (let i = 0; i < 2_000_000; i++) sink.push({ i });
  sink = [];
  const before = settledMemory();
  create();
  create(); // a second observation per series: steady state, not first-touch
  const after = settledMemory();
  const result: SeriesMemoryResult = {
    variant,
    series: MEMORY_SERIES,
    rssBytes: after.rss - before.rss,
    heapUsedBytes: after.heapUsed - before.heapUsed,
  };
  process.send?.(result);
  await new Promise((resolve) => setTimeout(resolve, 10));
  process.disconnect?.();
}
