import { inspect } from 'node:util';
import { Histogram, type HistogramConfiguration } from 'prom-client';
import { ExpositionBuffer } from './exposition-buffer';

/**
 * One label set of a SeriesHistogram: prom-client's own hashMap entry (so get(), cluster aggregation and
 * reset behave exactly as prom-client's), plus the label text rendered once.
 */
export interface HistogramSeries {
  labels: Record<string, string>;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
  /** `name="value",…} ` for this label set, escaped and UTF-8 encoded at the first render. */
  labelBytes?: Buffer;
  /** The histogram's generation the entry belongs to: reset() starts a new one. */
  generation?: number;
}

/** Metrics that write their own exposition block; anything else goes through prom-client. */
export interface SelfRenderingMetric {
  /** Byte-identical to prom-client's Registry#getMetricsAsString for this metric, without default labels. */
  writeExposition(out: ExpositionBuffer): void;
}

export function isSelfRendering(metric: unknown): metric is SelfRenderingMetric {
  return typeof (metric as Partial<SelfRenderingMetric>).writeExposition === 'function';
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const BRACE = 0x7b;
const SPACE = 0x20;
const NO_LABELS_BUCKET_END = Buffer.from('} ');

/**
 * A prom-client Histogram with a hot path and a renderer of its own, for the per-request HTTP histograms.
 *
 * Why: prom-client's observe() re-validates the labels, rebuilds a hash string from label names and values
 * and allocates two objects on every call, and a scrape turns every bucket of every series into an
 * object, then formats and escapes each label set again (17 lines per series): 32 ms and 3.6 MB per scrape at
 * 1,500 series, over 200 ms of blocked event loop at 5,000. Here a caller looks a series up once and keeps it
 * (observeSeries then adds a number), and the exposition is built from label text escaped once per series.
 * Storage stays prom-client's hashMap, so observe(), get(), zero(), reset() and cluster mode are unchanged;
 * the golden tests (series-histogram.test.ts) hold the output byte-identical to prom-client's.
 */
export class SeriesHistogram<T extends string = string> extends Histogram<T> implements SelfRenderingMetric {
  private generation = 0;
  private readonly bounds: readonly number[];
  /** Bucket keys as prom-client stores them (`String(bound)`), so no number is formatted per observation. */
  private readonly boundKeys: readonly string[];
  /** `name_bucket{le="0.005"` … `le="+Inf"`: prom-client puts `le` first, then the series' labels. */
  private readonly bucketPrefixes: readonly Buffer[];
  private readonly sumPrefix: Buffer;
  private readonly countPrefix: Buffer;
  private readonly header: string;
  private readonly longestPrefix: number;

  constructor(configuration: HistogramConfiguration<T>) {
    if (configuration.enableExemplars) {
      throw new Error(
        `${configuration.name}: SeriesHistogram renders no exemplars; use prom-client's Histogram`,
      );
    }
    super(configuration);
    const self = this as unknown as { upperBounds: number[]; name: string; help: string };
    this.bounds = self.upperBounds;
    this.boundKeys = this.bounds.map(String);
    const name = escapeString(self.name);
    this.bucketPrefixes = [...this.bounds.map((b) => `${b}`), '+Inf'].map((le) =>
      Buffer.from(`${name}_bucket{le="${le}"`),
    );
    this.sumPrefix = Buffer.from(`${self.name}_sum`);
    this.countPrefix = Buffer.from(`${self.name}_count`);
    this.longestPrefix = Math.max(...this.bucketPrefixes.map((b) => b.length), this.countPrefix.length);
    this.header = `# HELP ${name} ${escapeString(self.help)}\n# TYPE ${name} histogram`;
  }

  /** The stored series for `labels` (created empty when new). Keep it while `isCurrent()` holds. */
  series(labels: Record<T, string>): HistogramSeries {
    const map = this.entries();
    const hash = hashLabels(labels, (this as unknown as { sortedLabelNames: string[] }).sortedLabelNames);
    let entry = map[hash];
    if (entry === undefined) {
      const labelNames = (this as unknown as { labelNames: string[] }).labelNames;
      for (const name in labels) {
        if (!labelNames.includes(name)) {
          throw new Error(
            `Added label "${name}" is not included in initial labelset: ${inspect(labelNames)}`,
          );
        }
      }
      // Creates prom-client's entry, exactly as a first observe() would.
      this.zero(labels as never);
      entry = map[hash]!;
    }
    entry.generation = this.generation;
    return entry;
  }

  /** False once reset() dropped the series (registry.resetMetrics()): look it up again. */
  isCurrent(series: HistogramSeries): boolean {
    return series.generation === this.generation;
  }

  /** observe() for a series from series(): no label hashing, validation or allocation. */
  observeSeries(series: HistogramSeries, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        series.bucketValues[this.boundKeys[i]!]! += 1;
        break;
      }
    }
    series.sum += value;
    series.count += 1;
  }

  override reset(): void {
    super.reset();
    // Called by prom-client's constructor too, before this class's fields exist.
    if (this.generation !== undefined) this.generation++;
  }

  writeExposition(out: ExpositionBuffer): void {
    const prefixes = this.bucketPrefixes;
    const keys = this.boundKeys;
    out.text(this.header);
    for (const entry of Object.values(this.entries())) {
      let labels = entry.labelBytes;
      if (labels === undefined) {
        const text = formatLabelText(entry.labels);
        labels = entry.labelBytes = Buffer.from(text === '' ? '' : `${text}} `);
      }
      const labelled = labels.length > 0;
      // Room for every line of the series at once: prefix, labels, separators and up to 16 digits each.
      out.reserve((keys.length + 3) * (this.longestPrefix + labels.length + 20));
      let cumulative = 0;
      for (let i = 0; i <= keys.length; i++) {
        out.putByte(NEWLINE);
        out.put(prefixes[i]!);
        if (labelled) {
          out.putByte(COMMA);
          out.put(labels);
        } else {
          out.put(NO_LABELS_BUCKET_END);
        }
        // The +Inf bucket is the count, as prom-client writes it.
        if (i < keys.length) cumulative += entry.bucketValues[keys[i]!]!;
        out.putValue(i < keys.length ? cumulative : entry.count);
      }
      this.putSample(out, this.sumPrefix, labels, entry.sum);
      this.putSample(out, this.countPrefix, labels, entry.count);
    }
  }

  /** The block as a string (tests, and callers that want prom-client's return type). */
  renderExposition(): string {
    const out = new ExpositionBuffer();
    this.writeExposition(out);
    return out.toBuffer().toString('utf8');
  }

  private putSample(out: ExpositionBuffer, prefix: Buffer, labels: Buffer, value: number): void {
    out.putByte(NEWLINE);
    out.put(prefix);
    if (labels.length > 0) {
      out.putByte(BRACE);
      out.put(labels);
    } else {
      out.putByte(SPACE);
    }
    out.putValue(value);
  }

  private entries(): Record<string, HistogramSeries> {
    return (this as unknown as { hashMap: Record<string, HistogramSeries> }).hashMap;
  }
}

/** prom-client's label hash (lib/util.js fastHashObject): `name:value,` over the sorted label names. */
function hashLabels(labels: Record<string, string>, sortedNames: readonly string[]): string {
  let hash = '';
  for (const name of sortedNames) {
    const value = labels[name];
    if (value !== undefined) hash += `${name}:${value},`;
  }
  return hash;
}

/** prom-client's label formatting (lib/registry.js formatLabels + escapeLabelValue), in insertion order. */
function formatLabelText(labels: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels)) {
    parts.push(
      `${name}="${typeof value === 'string' ? escapeString(value).replace(/"/g, '\\"') : String(value)}"`,
    );
  }
  return parts.join(',');
}

function escapeString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
