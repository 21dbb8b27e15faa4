import express from 'express';
import { performance } from 'node:perf_hooks';
import { Histogram, Registry } from 'prom-client';
import { ExpositionRenderer, PROMETHEUS_TEXT } from '../src/exposition/exposition-format';
import { HTTP_REQUEST_DURATION } from '../src/http/http-metrics';
import { instrument } from '../src/instrument/instrument';

const ROUTES = 100;
const METHODS = ['GET', 'POST', 'DELETE'];
const STATUSES = ['200', '201', '400', '404', '500'];
const SAMPLES = 30;

function medianMs(run: () => Promise<unknown>): Promise<number> {
  return (async () => {
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  })();
}

/** Render time of /metrics with 1,500 HTTP label sets, Perflens against express-prom-bundle's single histogram. */
export async function measureMetricsRender(): Promise<{
  perflensMs: number;
  bundleMs: number;
  perflensBytes: number;
  bundleBytes: number;
  series: number;
  samples: number;
}> {
  const perf = instrument({ app: express(), maxSeriesPerMetric: 10_000 });
  const duration = perf.registry.getSingleMetric(HTTP_REQUEST_DURATION) as Histogram;
  const bundleRegistry = new Registry();
  // express-prom-bundle's default metric: http_request_duration_seconds{method,path,status_code}, 6 buckets.
  const bundleHistogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'bundle',
    labelNames: ['method', 'path', 'status_code'],
    buckets: [0.003, 0.03, 0.1, 0.3, 1.5, 10],
    registers: [bundleRegistry],
  });
  let series = 0;
  for (let route = 0; route < ROUTES; route++) {
    for (const method of METHODS) {
      for (const status of STATUSES) {
        const labels = {
          http_request_method: method,
          http_route: `/route/${route}/:id`,
          http_response_status_code: status,
        };
        duration.observe(labels, 0.02);
        bundleHistogram.observe({ method, path: `/route/${route}/#val`, status_code: status }, 0.02);
        series++;
      }
    }
  }
  const renderer = new ExpositionRenderer(perf.registry);
  return {
    perflensMs: await medianMs(() => renderer.render(PROMETHEUS_TEXT)),
    bundleMs: await medianMs(() => bundleRegistry.metrics()),
    // Render time follows output size: 14 OTel buckets and longer OTel label names against 6 buckets.
    perflensBytes: Buffer.byteLength(await renderer.render(PROMETHEUS_TEXT)),
    bundleBytes: Buffer.byteLength(await bundleRegistry.metrics()),
    series,
    samples: SAMPLES,
  };
}
