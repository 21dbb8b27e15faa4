import { Gauge, type Registry } from 'prom-client';
import {
  FRONTEND_ASSETS_REPORT_TIMESTAMP,
  FRONTEND_PAGE_BUDGET_BYTES,
  FRONTEND_PAGE_BYTES,
  FRONTEND_RENDER_BLOCKING_ASSETS,
  FRONTEND_SAVINGS_BYTES,
  FRONTEND_UNCOMPRESSED_BYTES,
  type MetricDefinition,
} from '@perflens/conventions';
import type { FrontendAssetStore } from './frontend-asset-store';
import type { FrontendAssetSummary } from './frontend-asset-summary';

const PRODUCER = 'exporter/frontend-assets';

type Labels = Record<string, string>;
type Values = (summary: FrontendAssetSummary) => Array<[labels: Labels, value: number]>;

interface FrontendGauge {
  definition: MetricDefinition;
  values: Values;
}

const byKind =
  (pick: (s: FrontendAssetSummary, kind: 'script' | 'style') => number): Values =>
  (s) =>
    (['script', 'style'] as const).map((kind) => [{ kind }, pick(s, kind)]);

// Labels are the page and fixed words of this code, never request data beyond the validated page label.
const GAUGES: readonly FrontendGauge[] = [
  {
    definition: {
      name: FRONTEND_PAGE_BYTES,
      type: 'gauge',
      help: 'Bytes the page transfers for its scripts or stylesheets (kind), as last published by perflens bundle.',
      labels: ['page', 'kind'],
      producer: PRODUCER,
    },
    values: byKind((s, kind) => s[kind].bytes),
  },
  {
    definition: {
      name: FRONTEND_PAGE_BUDGET_BYTES,
      type: 'gauge',
      help: 'The budget the page was checked against for its scripts or stylesheets (kind), in bytes.',
      labels: ['page', 'kind'],
      producer: PRODUCER,
    },
    values: byKind((s, kind) => s[kind].budgetBytes),
  },
  {
    definition: {
      name: FRONTEND_UNCOMPRESSED_BYTES,
      type: 'gauge',
      help: 'Bytes the page transfers in text responses of 1 KiB or more served without br or gzip.',
      labels: ['page'],
      producer: PRODUCER,
    },
    values: (s) => [[{}, s.uncompressedBytes]],
  },
  {
    definition: {
      name: FRONTEND_RENDER_BLOCKING_ASSETS,
      type: 'gauge',
      help: 'Render-blocking classic scripts or stylesheets (kind) in the page <head>.',
      labels: ['page', 'kind'],
      producer: PRODUCER,
    },
    values: (s) => [
      [{ kind: 'script' }, s.renderBlocking.scripts],
      [{ kind: 'style' }, s.renderBlocking.stylesheets],
    ],
  },
  {
    definition: {
      name: FRONTEND_SAVINGS_BYTES,
      type: 'gauge',
      help: 'Bytes a fix saves on the page: compression (gzip the uncompressed text), render-blocking (bytes before the first paint), images (resize and re-encode).',
      labels: ['page', 'fix'],
      producer: PRODUCER,
    },
    values: (s) => [
      [{ fix: 'compression' }, s.savingsBytes.compression],
      [{ fix: 'render-blocking' }, s.savingsBytes.renderBlocking],
      [{ fix: 'images' }, s.savingsBytes.images],
    ],
  },
  {
    definition: {
      name: FRONTEND_ASSETS_REPORT_TIMESTAMP,
      type: 'gauge',
      help: 'When the page summary behind the perflens_frontend_* gauges was made, in unixtime.',
      labels: ['page'],
      producer: PRODUCER,
    },
    values: (s) => [[{}, s.reportedAtSeconds]],
  },
];

/** The front-end asset gauges, for the metric catalogue. */
export const frontendAssetMetricDefinitions: readonly MetricDefinition[] = GAUGES.map((g) => g.definition);

/** Registers the gauges, read from the store at scrape time; a dropped page's series disappear with it. */
export function registerFrontendAssetMetrics(registry: Registry, store: FrontendAssetStore): void {
  for (const { definition, values } of GAUGES) {
    new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames: definition.labels,
      registers: [registry],
      collect() {
        this.reset();
        for (const summary of store.summaries())
          for (const [labels, value] of values(summary)) this.set({ page: summary.page, ...labels }, value);
      },
    });
  }
}
