/**
 * `/metrics` render cost (run alone: `npx tsx instrument/bench/metrics-render-bench.ts`; also part of
 * `npm run bench:http`). Three renders, interleaved sample by sample so machine drift hits all alike, each
 * measured to the bytes handed to the socket:
 * - Perflens: its renderer (SeriesHistogram blocks written into one buffer) on an instrument() registry
 *   with 1,500 label sets of the HTTP duration histogram;
 * - prom-client: `registry.metrics()` of that same registry, UTF-8 encoded (what Perflens did before; the
 *   output is byte-identical);
 * - express-prom-bundle: its default histogram (6 buckets, shorter label names) with the same label sets.
 * Then the longest event-loop delay a timer sees while a 5,000-series registry is scraped, both ways.
 */
import express from 'express';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Histogram, Registry } from 'prom-client';
import { ExpositionRenderer, PROMETHEUS_TEXT } from '../src/exposition/exposition-format';
import { HTTP_REQUEST_DURATION } from '../src/http/http-metrics';
import { instrument } from '../src/instrument/instrument';

const METHODS = ['GET', 'POST', 'DELETE'];
const STATUSES = ['200', '201', '400', '404', '500'];
const SERIES = 1500;
const SAMPLES = Number(process.env.BENCH_RENDER_SAMPLES ?? 30);
/** Series of the event-loop delay measurement: 2.5 times the default cap of one metric. */
const DELAY_SERIES = 5000;

export interface RenderResult {
  series: number;
  samples: number;
  perflensMs: number;
  promClientMs: number;
  bundleMs: number;
  perflensBytes: number;
  bundleBytes: number;
  delaySeries: number;
  scrapeDelayMaxMs: { perflens: number; promClient: number };
}

type Render = () => Promise<Buffer>;

/** An instrument() registry whose duration histogram has `series` label sets (100 routes × 3 × 5 …). */
function perflensRegistry(series: number): Registry {
  const perf = instrument({ app: express(), maxSeriesPerMetric: 10_000 });
  const duration = perf.registry.getSingleMetric(HTTP_REQUEST_DURATION) as Histogram;
  for (let i = 0; i < series; i++) {
    duration.observe(
      {
        http_request_method: METHODS[i % 3]!,
        http_route: `/route/${Math.floor(i / 15)}/:id`,
        http_response_status_code: STATUSES[Math.floor(i / 3) % 5]!,
      },
      0.02 + (i % 7) * 0.05,
    );
  }
  return perf.registry;
}

/** express-prom-bundle's default metric: http_request_duration_seconds{method,path,status_code}, 6 buckets. */
function bundleRegistry(series: number): Registry {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'duration histogram of http responses labeled with: status_code, method, path',
    labelNames: ['status_code', 'method', 'path'],
    buckets: [0.003, 0.03, 0.1, 0.3, 1.5, 10],
    registers: [registry],
  });
  for (let i = 0; i < series; i++) {
    const labels = {
      method: METHODS[i % 3]!,
      path: `/route/${Math.floor(i / 15)}/#val`,
      status_code: STATUSES[Math.floor(i / 3) % 5]!,
    };
    histogram.observe(labels, 0.02 + (i % 7) * 0.05);
  }
  return registry;
}

const promClientRender =
  (registry: Registry): Render =>
  async () =>
    Buffer.from(await registry.metrics());

async function interleavedMedians(renders: Render[]): Promise<number[]> {
  const times = renders.map(() => [] as number[]);
  for (const render of renders) await render(); // warm-up
  for (let sample = 0; sample < SAMPLES; sample++) {
    for (const [i, render] of renders.entries()) {
      const start = performance.now();
      await render();
      times[i]!.push(performance.now() - start);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

/** The longest event-loop delay during one render; median over 5 renders. */
async function scrapeEventLoopDelay(render: Render): Promise<number> {
  await render(); // warm-up
  const maxima: number[] = [];
  for (let i = 0; i < 5; i++) {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await render();
    await new Promise((resolve) => setTimeout(resolve, 20));
    histogram.disable();
    maxima.push(histogram.max / 1e6);
  }
  return maxima.sort((a, b) => a - b)[2]!;
}

export async function measureMetricsRender(): Promise<RenderResult> {
  const perflens = perflensRegistry(SERIES);
  const bundle = bundleRegistry(SERIES);
  const renderer = new ExpositionRenderer(perflens);
  const perflensRender: Render = () => renderer.render(PROMETHEUS_TEXT);
  const [perflensMs, promClientMs, bundleMs] = await interleavedMedians([
    perflensRender,
    promClientRender(perflens),
    promClientRender(bundle),
  ]);
  const large = perflensRegistry(DELAY_SERIES);
  const largeRenderer = new ExpositionRenderer(large);
  return {
    series: SERIES,
    samples: SAMPLES,
    perflensMs: perflensMs!,
    promClientMs: promClientMs!,
    bundleMs: bundleMs!,
    perflensBytes: (await perflensRender()).length,
    bundleBytes: (await promClientRender(bundle)()).length,
    delaySeries: DELAY_SERIES,
    scrapeDelayMaxMs: {
      perflens: await scrapeEventLoopDelay(() => largeRenderer.render(PROMETHEUS_TEXT)),
      promClient: await scrapeEventLoopDelay(promClientRender(large)),
    },
  };
}

if (require.main === module) {
  void measureMetricsRender().then((r) => {
    const perMb = (ms: number, bytes: number) => (ms / (bytes / 1e6)).toFixed(1);
    console.log(
      `/metrics render, ${r.series} label sets, median of ${r.samples} interleaved samples:\n` +
        `  perflens            ${r.perflensMs.toFixed(2)} ms for ${r.perflensBytes} bytes (${perMb(r.perflensMs, r.perflensBytes)} ms/MB)\n` +
        `  prom-client (same)  ${r.promClientMs.toFixed(2)} ms (${perMb(r.promClientMs, r.perflensBytes)} ms/MB)\n` +
        `  express-prom-bundle ${r.bundleMs.toFixed(2)} ms for ${r.bundleBytes} bytes (${perMb(r.bundleMs, r.bundleBytes)} ms/MB)\n` +
        `event-loop delay during a scrape of ${r.delaySeries} series: perflens ${r.scrapeDelayMaxMs.perflens.toFixed(1)} ms, prom-client ${r.scrapeDelayMaxMs.promClient.toFixed(1)} ms`,
    );
    console.log(JSON.stringify({ bench: 'metrics-render', ...r }));
  });
}
