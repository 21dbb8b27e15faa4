// Issue 17: what the store costs. Six hours of one service's full Perflens series (the synthetic healthy
// profile: API, runtime, pool, PostgreSQL, host, web vitals) at a 15 s scrape interval are imported into
// VictoriaMetrics, merged, and measured on disk; docs/scaling.md reports the figure per series per day.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  healthyProfile,
  OpenMetricsWriter,
  openMetricsToImportText,
  startVictoriaMetrics,
  type VictoriaMetricsInstance,
  writeServiceProfile,
} from '../../src';

const HOURS = 6;
const END_SECONDS = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
const WINDOW: [number, number] = [END_SECONDS - HOURS * 3600, END_SECONDS];

/**
 * The same samples with scrape-like noise: the synthetic curves are smooth, and smooth series compress far
 * better than real ones. Counter increments vary by ±20 % and gauges by ±5 % around their curve, with a
 * fixed-seed generator so every run stores the same bytes; counters stay monotonic.
 */
function withNoise(importText: string): string {
  let seed = 17;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648 - 0.5;
  const last = new Map<string, { raw: number; noisy: number }>();
  return importText
    .trimEnd()
    .split('\n')
    .map((line) => {
      const [head, value, timestamp] = splitSample(line);
      const raw = Number(value);
      const counter = /_(total|count|sum|bucket)\{/.test(head);
      const previous = last.get(head);
      const noisy = !counter
        ? raw * (1 + 0.1 * random())
        : previous === undefined
          ? raw
          : previous.noisy + Math.max(0, raw - previous.raw) * (1 + 0.4 * random());
      last.set(head, { raw, noisy });
      return `${head} ${noisy} ${timestamp}`;
    })
    .join('\n')
    .concat('\n');
}

function splitSample(line: string): [string, string, string] {
  const timestampAt = line.lastIndexOf(' ');
  const valueAt = line.lastIndexOf(' ', timestampAt - 1);
  return [line.slice(0, valueAt), line.slice(valueAt + 1, timestampAt), line.slice(timestampAt + 1)];
}

/** Bytes of every file under `dir`. */
function bytesOnDisk(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/**
 * The folder's size once background merges have finished: two readings a second apart that agree (or the
 * last reading after 20 s). A reading taken mid-merge counts the old and the new parts both.
 */
async function settledBytesOnDisk(dir: string): Promise<number> {
  let previous = bytesOnDisk(dir);
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = bytesOnDisk(dir);
    if (current === previous) return current;
    previous = current;
  }
  return previous;
}

describe('storage cost on VictoriaMetrics', () => {
  let store: VictoriaMetricsInstance;

  afterEach(async () => {
    await store?.stop();
  });

  it.each([
    ['smooth', (text: string) => text],
    ['noisy', withNoise],
  ])(
    'keeps every imported %s sample, at a measured number of bytes per series per day',
    async (kind, shape) => {
      store = await startVictoriaMetrics();
      const writer = new OpenMetricsWriter(15);
      writeServiceProfile(writer, WINDOW, healthyProfile());
      const text = shape(openMetricsToImportText(writer.render()));
      const samples = text.trimEnd().split('\n').length;
      const emptyBytes = bytesOnDisk(store.dataDir);

      await store.importPrometheusText(text);
      // Merges the day's parts into their final compressed form, as the store does in the background.
      const merged = await fetch(`${store.url}/internal/force_merge?partition_prefix=`, {
        signal: AbortSignal.timeout(30_000),
      });
      expect(merged.status).toBe(200);

      const end = new Date(WINDOW[1] * 1000);
      const series = await store.query('count({__name__=~".+"})', end);
      const stored = await store.query(`sum(count_over_time({__name__=~".+"}[${HOURS * 3600 + 60}s]))`, end);
      expect(Number(stored[0]?.value[1])).toBe(samples);

      const seriesCount = Number(series[0]?.value[1]);
      const bytes = (await settledBytesOnDisk(store.dataDir)) - emptyBytes;
      const bytesPerSeriesPerDay = (bytes / seriesCount) * (24 / HOURS);
      expect(seriesCount).toBeGreaterThan(50);
      // A sanity bound, not a benchmark: raw text is ~100 bytes a sample; the store must compress it.
      expect(bytes / samples).toBeLessThan(10);
      process.stdout.write(
        `storage (${kind}): ${seriesCount} series, ${samples} samples over ${HOURS} h, ${bytes} bytes on disk, ` +
          `${(bytes / samples).toFixed(2)} bytes/sample, ${Math.round(bytesPerSeriesPerDay)} bytes/series/day\n`,
      );
    },
  );
});
