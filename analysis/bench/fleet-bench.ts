// `npx tsx analysis/bench/fleet-bench.ts`: a full analysis of fleets of 10, 50 and 200 instances (100 routes
// each, one outlier and one overloaded instance injected) in a real Prometheus and, with `--victoria-metrics`,
// in a real VictoriaMetrics: queries issued, wall time, and what the queries cost the store (samples read
// from storage, fleet-query-cost.ts), for the whole analysis and for the six fleet
// queries alone. Run `npx tsc -b supervisor test-harness` first if their dist/ is older than the sources
// (tsx reads @perflens/supervisor's dist/). Last line: JSON. Results in BENCHMARKS.md, "Fleet analysis".
import { createReadStream } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import {
  backfillFleets,
  type FleetProfile,
  openMetricsToImportText,
  startBackfilledPrometheus,
  startVictoriaMetrics,
} from '@perflens/test-harness';
import { analyze } from '../src/analyze';
import { fleetQueries } from '../src/sources/fleet-evidence';
import { createHttpPrometheusClient } from '../src/sources/http-prometheus-client';
import { thresholds } from '../test/fixtures/in-memory-evidence';
import { measureQueryCost, type QueryCost, recordingClient } from './fleet-query-cost';

const INSTANCE_COUNTS = [10, 50, 200];
const ROUTES = 100;
const ROUNDS = 3;
const ANCHOR_SECONDS = 1_700_006_400;
const STEP_SECONDS = 30;
const RANGE_SECONDS = 300;
const WINDOW: [number, number] = [ANCHOR_SECONDS, ANCHOR_SECONDS + RANGE_SECONDS + STEP_SECONDS];
// Memory growth is judged over the 5-minute range too, so every fleet query runs.
const THRESHOLDS = thresholds({ runtime: { heapGrowthMinRangeSeconds: RANGE_SECONDS } });

const FLEETS: FleetProfile[] = INSTANCE_COUNTS.map((instances) => ({
  job: `fleet-${instances}`,
  instances,
  routes: ROUTES,
  seed: instances,
  outlier: { instance: 1, latencyFactor: 4, errorRatio: 0.05 },
  unevenLoad: { instance: 2, trafficFactor: 3 },
}));

interface StoreResult {
  instances: number;
  queries: number;
  wallMs: number;
  fleetFindings: number;
  analysisCost: QueryCost;
  fleetQueryCost: QueryCost;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ms = (seconds: number) => Math.round(seconds * 10_000) / 10;

/** Analyses every fleet ROUNDS times against one store, then replays one analysis's queries for their cost. */
async function benchStore(store: 'prometheus' | 'victoria-metrics', url: string): Promise<StoreResult[]> {
  const results: StoreResult[] = [];
  const endSeconds = WINDOW[1];
  for (const fleet of FLEETS) {
    const walls: number[] = [];
    let recorded: string[] = [];
    let queries = 0;
    let fleetFindings = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const client = recordingClient(createHttpPrometheusClient({ url, timeoutSeconds: 120 }));
      const report = await analyze({
        client,
        scope: { job: fleet.job, endSeconds, rangeSeconds: RANGE_SECONDS },
        thresholds: THRESHOLDS,
      });
      walls.push(report.stats.wallSeconds);
      queries = report.stats.queryCount;
      fleetFindings = report.findings.filter((f) => /outlier-instance|uneven-load/.test(f.check)).length;
      recorded = client.expressions;
    }
    const scope = { job: fleet.job, endSeconds, rangeSeconds: RANGE_SECONDS };
    results.push({
      instances: fleet.instances,
      queries,
      wallMs: ms(median(walls)),
      fleetFindings,
      analysisCost: await measureQueryCost(store, url, recorded, endSeconds),
      fleetQueryCost: await measureQueryCost(store, url, Object.values(fleetQueries(scope)), endSeconds),
    });
  }
  return results;
}

/** Imports the backfill's OpenMetrics file into VictoriaMetrics in batches, converted to its import format. */
async function importIntoVictoria(file: string, importText: (text: string) => Promise<void>): Promise<void> {
  let batch: string[] = [];
  const send = async () => {
    if (batch.length > 0) await importText(openMetricsToImportText(batch.join('\n')));
    batch = [];
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    batch.push(line);
    if (batch.length >= 100_000) await send();
  }
  await send();
}

function printTable(store: string, results: StoreResult[]): void {
  const unit = 'samples read';
  console.log(`\n${store}`);
  console.log(
    `| instances × routes | engine queries | analysis wall time | fleet findings | analysis: ${unit} | fleet queries: ${unit} | fleet queries: time, one at a time |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.instances} × ${ROUTES} | ${r.queries} | ${r.wallMs} ms | ${r.fleetFindings} | ${r.analysisCost.samples} | ${r.fleetQueryCost.samples} (${r.fleetQueryCost.queries} queries) | ${ms(r.fleetQueryCost.seconds)} ms |`,
    );
  }
}

async function main(): Promise<void> {
  const withVictoria = process.argv.includes('--victoria-metrics');
  const backfill = await backfillFleets(FLEETS, WINDOW, STEP_SECONDS);
  const out: Record<string, unknown> = {
    benchmark: 'fleet-analysis',
    rounds: ROUNDS,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    openMetricsBytes: backfill.openMetricsBytes,
    generateSeconds: backfill.generateSeconds,
    backfillSeconds: backfill.backfillSeconds,
  };
  try {
    const prometheus = await startBackfilledPrometheus(backfill.blocksDir);
    try {
      out.prometheus = await benchStore('prometheus', prometheus.url);
      printTable('prometheus', out.prometheus as StoreResult[]);
    } finally {
      await prometheus.stop();
    }
    if (withVictoria) {
      const victoria = await startVictoriaMetrics({ retentionPeriod: '100y' });
      try {
        const started = performance.now();
        await importIntoVictoria(backfill.openMetricsFile, (text) => victoria.importPrometheusText(text));
        out.victoriaImportSeconds = (performance.now() - started) / 1000;
        out.victoriaMetrics = await benchStore('victoria-metrics', victoria.url);
        printTable('victoria-metrics', out.victoriaMetrics as StoreResult[]);
      } finally {
        await victoria.stop();
      }
    }
  } finally {
    backfill.remove();
  }
  console.log(
    `Fleet analysis: ${ROUNDS} rounds, median; ${os.cpus().length} CPUs, load average ${(out.loadAverage as number[]).join(' ')} at the start, Node ${process.version}`,
  );
  console.log(JSON.stringify(out));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
