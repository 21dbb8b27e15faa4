// Issue 17 (retention): what the route aggregates cost next to the raw HTTP histogram they summarise. Raw
// series of a small fleet go into one VictoriaMetrics; vmalert replays the route-aggregates group over
// them and writes the recordings into a second one; both are merged and measured on disk. docs/scaling.md
// reports the figures this prints.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROUTE_AGGREGATES } from '@perflens/conventions';
import { startVictoriaMetrics, type VictoriaMetricsInstance } from '@perflens/test-harness';
import { parse, stringify } from 'yaml';
import { ROUTE_AGGREGATES_GROUP } from '../../src/generate/route-aggregate-rules';
import { replayInLayers } from './layered-replay';
import { routeTrafficImportText, type RouteTraffic } from './route-traffic';

const HOURS = 4;
const END_SECONDS = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
const TRAFFIC: RouteTraffic = {
  job: 'shop',
  instances: 2,
  routeRates: [8, 4, 2, 1, 0.5],
  errorShare: 0.01,
  scrapeSeconds: 15,
  window: [END_SECONDS - HOURS * 3600, END_SECONDS],
  seed: 17,
};
/** The first hour only fills the recordings' 1h window: recordings cover the hours after it. */
const RECORDED_FROM = TRAFFIC.window[0] + 3600;
const RECORDED_HOURS = HOURS - 1;

/** Bytes of every file under `dir`. */
function bytesOnDisk(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/** The store's samples (data/) and series index (indexdb/), in bytes. */
interface StoreBytes {
  samples: number;
  index: number;
}

function storeBytes(store: VictoriaMetricsInstance): StoreBytes {
  return {
    samples: bytesOnDisk(path.join(store.dataDir, 'data')),
    index: bytesOnDisk(path.join(store.dataDir, 'indexdb')),
  };
}

/**
 * Merges the store's parts into their final form, then reads its folders once two readings a second apart
 * agree (a reading mid-merge counts old and new parts both); minus what the empty store held.
 */
async function mergedBytes(store: VictoriaMetricsInstance, empty: StoreBytes): Promise<StoreBytes> {
  const merged = await fetch(`${store.url}/internal/force_merge?partition_prefix=`, {
    signal: AbortSignal.timeout(30_000),
  });
  expect(merged.status).toBe(200);
  let previous = storeBytes(store);
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = storeBytes(store);
    if (current.samples === previous.samples && current.index === previous.index) break;
    previous = current;
  }
  return { samples: previous.samples - empty.samples, index: previous.index - empty.index };
}

async function seriesAndSamples(store: VictoriaMetricsInstance, hours: number): Promise<[number, number]> {
  const end = new Date(END_SECONDS * 1000);
  const series = await store.query('count({__name__=~".+"})', end);
  const samples = await store.query(`sum(count_over_time({__name__=~".+"}[${hours * 3600 + 60}s]))`, end);
  return [Number(series[0]?.value[1]), Number(samples[0]?.value[1])];
}

describe('route aggregates: storage cost against the raw histogram', () => {
  let raw: VictoriaMetricsInstance;
  let recorded: VictoriaMetricsInstance;

  afterAll(async () => {
    await raw?.stop();
    await recorded?.stop();
  });

  it('records one series per route (and bucket) at 1m, a fraction of the raw bytes', async () => {
    [raw, recorded] = await Promise.all([
      startVictoriaMetrics({ extraArgs: ['-search.disableCache'] }),
      startVictoriaMetrics({ extraArgs: ['-search.disableCache'] }),
    ]);
    const empty = [storeBytes(raw), storeBytes(recorded)] as const;
    await raw.importPrometheusText(routeTrafficImportText(TRAFFIC));

    const sloRules = readFileSync(path.join(__dirname, '../../generated/slo.rules.yml'), 'utf8');
    const groups = (parse(sloRules) as { groups: { name: string }[] }).groups;
    await replayInLayers({
      ruleFileTexts: [stringify({ groups: groups.filter((group) => group.name === ROUTE_AGGREGATES_GROUP) })],
      storeUrl: raw.url,
      remoteWriteUrl: recorded.url,
      from: new Date(RECORDED_FROM * 1000),
      to: new Date((END_SECONDS - 60) * 1000),
      evaluationInterval: ROUTE_AGGREGATES.interval,
      flush: () => recorded.flush(),
    });

    const [rawSeries, rawSamples] = await seriesAndSamples(raw, HOURS);
    const [recordedSeries, recordedSamples] = await seriesAndSamples(recorded, RECORDED_HOURS);
    const routes = TRAFFIC.routeRates.length;
    // _count, _sum and 15 buckets per instance, route and status code; rate, ratio and 15 buckets per route.
    expect(rawSeries).toBe(TRAFFIC.instances * routes * 2 * 17);
    expect(recordedSeries).toBe(routes * 17);
    expect(recordedSamples).toBe(recordedSeries * RECORDED_HOURS * 60);

    // The recordings say what the traffic was: each route's rate summed over instances, and the 1% errors.
    const at = new Date((END_SECONDS - 60) * 1000);
    const rates = await recorded.query(ROUTE_AGGREGATES.requestRate, at);
    const ratios = await recorded.query(ROUTE_AGGREGATES.errorRatio, at);
    for (const [route, rate] of TRAFFIC.routeRates.entries()) {
      const got = rates.find((sample) => sample.metric.http_route === `/r${route}`);
      expect(Number(got?.value[1])).toBeCloseTo(rate * TRAFFIC.instances, 0);
      const ratio = ratios.find((sample) => sample.metric.http_route === `/r${route}`);
      expect(Math.abs(Number(ratio?.value[1]) - TRAFFIC.errorShare)).toBeLessThan(0.005);
    }

    const rawBytes = await mergedBytes(raw, empty[0]);
    const recordedBytes = await mergedBytes(recorded, empty[1]);
    // Samples grow with time; the index holds each series once a day (VictoriaMetrics's per-day index).
    const perDay = (bytes: StoreBytes, hours: number) => (bytes.samples / hours) * 24 + bytes.index;
    const rawPerDay = perDay(rawBytes, HOURS);
    const recordedPerDay = perDay(recordedBytes, RECORDED_HOURS);
    // A sanity bound, not a benchmark: fewer series at a quarter of the samples must cost less.
    expect(recordedPerDay).toBeLessThan(rawPerDay);
    const line = (name: string, series: number, samples: number, bytes: StoreBytes, hours: number) =>
      `${name}: ${series} series, ${samples} samples over ${hours} h; ${bytes.samples} bytes of samples ` +
      `(${(bytes.samples / samples).toFixed(2)} bytes/sample) + ${bytes.index} bytes of index; ` +
      `${Math.round(perDay(bytes, hours) / series)} bytes/series/day, ` +
      `${((perDay(bytes, hours) * 30) / 1e6).toFixed(2)} MB a month\n`;
    process.stdout.write(
      line('raw histogram (15 s)', rawSeries, rawSamples, rawBytes, HOURS) +
        line('route aggregates (1 m)', recordedSeries, recordedSamples, recordedBytes, RECORDED_HOURS) +
        `raw / aggregates per day: ${(rawPerDay / recordedPerDay).toFixed(1)}\n`,
    );
  });
});
