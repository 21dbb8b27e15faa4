/**
 * `npm run bench:advisor`: time to produce recommendations for 1,000 distinct statements over a
 * 1,000,000-row table, with hypopg (Dexter's what-if passes per statement, then the workload selection of
 * indexes/workload-selection.ts, at most 8 indexes on the table) and with the statistics heuristic alone,
 * interleaved over rounds so drift on the machine affects both alike. Dexter itself (a Ruby gem) cannot
 * be installed here; its per-statement algorithm is the first pass of the hypopg variant. A last run with
 * no index budget gives the benefit-versus-index-count curve. Prints tables and, last, one JSON line.
 *
 * The statements are run twice while the table is still empty, so pg_stat_statements knows them in
 * seconds (the default minCalls floor of 2 leaves the one-off bulk load out of the write cost); the table
 * is then loaded and analysed, and the advisor plans them against 1M rows.
 */
import { startPostgres } from '@perflens/test-harness';
import os from 'node:os';
import { Client } from 'pg';
import { parseAdvisorOptions } from '../src/advisor-options';
import type { AdvisorReport } from '../src/report/advisor-report';
import { runAdvisor } from '../src/run-advisor';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 1000);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const COLUMNS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];

/** 1,000+ distinct statement shapes: select list × first filter × second predicate × sort. */
function statementShapes(): { sql: string; params: unknown[] }[] {
  const shapes: { sql: string; params: unknown[] }[] = [];
  for (const sort of ['', ' ORDER BY created_at DESC LIMIT 20'])
    for (const selected of COLUMNS)
      for (const first of COLUMNS)
        for (const second of [
          '',
          ...COLUMNS.filter((c) => c !== first).flatMap((c) => [`${c} = $2`, `${c} > $2`]),
        ]) {
          const where = second ? `${first} = $1 AND ${second}` : `${first} = $1`;
          shapes.push({
            sql: `SELECT id, ${selected} FROM bench_orders WHERE ${where}${sort}`,
            params: second ? [1, 2] : [1],
          });
        }
  return shapes.slice(0, STATEMENTS);
}

async function seed(client: Client): Promise<void> {
  // Cardinalities from 10 to 200,000 distinct values: some filters deserve an index, some do not.
  await client.query(`CREATE TABLE bench_orders (id bigint PRIMARY KEY, ${COLUMNS.map((c) => `${c} int NOT NULL`).join(', ')},
    created_at timestamptz NOT NULL)`);
  for (let run = 0; run < 2; run++)
    for (const { sql, params } of statementShapes()) await client.query(sql, params);
  const moduli = [10, 100, 1000, 5000, 20000, 50000, 100000, 200000];
  await client.query(`INSERT INTO bench_orders SELECT g, ${moduli.map((m, i) => `((g::bigint * ${7919 + i * 104729}) % ${m})::int`).join(', ')},
    timestamptz '2025-01-01' + g * interval '1 second' FROM generate_series(1, ${ROWS}) g`);
  await client.query('VACUUM ANALYZE bench_orders');
}

async function timed(run: () => Promise<AdvisorReport>): Promise<{ ms: number; report: AdvisorReport }> {
  const start = process.hrtime.bigint();
  const report = await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, report };
}

/** The workload pass's figures for the one bench table. */
function workloadFigures(report: AdvisorReport) {
  const table = report.workload!.tables[0];
  return {
    workloadPassMs: report.workload!.elapsedMs,
    whatIfExplains: report.workload!.explains,
    pairsPlanned: report.workload!.pairsPlanned,
    pairsPruned: report.workload!.pairsPruned,
    truncated: report.workload!.truncated,
    perStatementIndexes: table?.perStatementIndexes ?? 0,
    candidates: table?.candidates ?? 0,
    capturedShare: table?.capturedShare ?? 0,
    curve: (table?.curve ?? []).map((p) => ({ indexes: p.indexes, share: p.share })),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const postgres = await startPostgres();
  try {
    const client = new Client({ connectionString: await postgres.createDatabase() });
    client.on('error', () => undefined);
    await client.connect();
    const seedStart = Date.now();
    await seed(client);
    process.stderr.write(
      `seeded ${ROWS} rows and ${STATEMENTS} statements in ${Date.now() - seedStart} ms\n`,
    );
    // The bench connects and runs its workload as the harness's superuser (docs/advisor.md, "Privileges").
    // Every statement took about the same (empty-table) time, so each has about 0.1% of the total: no share floor.
    const base = {
      maxStatements: STATEMENTS + 100,
      minTimeShare: 0,
      allowSuperuser: true,
      planSuperuserStatements: true,
    };
    const variants = {
      hypopg: parseAdvisorOptions({ ...base, maxIndexesPerTable: 8 }),
      heuristic: parseAdvisorOptions({ ...base, useHypopg: false }),
    };
    const times: Record<keyof typeof variants, number[]> = { hypopg: [], heuristic: [] };
    const reports: Partial<Record<keyof typeof variants, AdvisorReport>> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(variants) as (keyof typeof variants)[]) {
        const { ms, report } = await timed(() => runAdvisor(client, variants[name]));
        times[name].push(ms);
        reports[name] = report;
      }
    }
    const curveStart = process.hrtime.bigint();
    const unbounded = await runAdvisor(
      client,
      parseAdvisorOptions({ ...base, maxIndexesPerTable: 100, minIndexSavingShare: 0 }),
    );
    const curveMs = Math.round(Number(process.hrtime.bigint() - curveStart) / 1e6);
    await client.end();
    const summary = (name: keyof typeof variants) => {
      const report = reports[name]!;
      const missing = report.recommendations.filter((r) => r.kind === 'missing-index');
      return {
        medianMs: Math.round(median(times[name])),
        msPerStatement: Math.round((median(times[name]) / report.stats.statementsAnalysed) * 100) / 100,
        statementsAnalysed: report.stats.statementsAnalysed,
        explains: report.stats.explains,
        missingIndexRecommendations: missing.length,
        indexes: missing.map((r) => `${r.target.table}(${r.target.columns?.join(',')})`).sort(),
        ...(report.workload ? { workload: workloadFigures(report) } : {}),
      };
    };
    const result = {
      benchmark: 'advisor',
      statements: STATEMENTS,
      rows: ROWS,
      rounds: ROUNDS,
      cpus: os.cpus().length,
      hypopg: summary('hypopg'),
      heuristic: summary('heuristic'),
      curve: { ms: curveMs, ...workloadFigures(unbounded) },
    };
    process.stdout.write(`variant    median ms  ms/statement  analysed  explains  index advice\n`);
    for (const name of ['hypopg', 'heuristic'] as const) {
      const s = result[name];
      process.stdout.write(
        `${name.padEnd(10)} ${String(s.medianMs).padStart(9)}  ${String(s.msPerStatement).padStart(12)}  ${String(s.statementsAnalysed).padStart(8)}  ${String(s.explains).padStart(8)}  ${s.missingIndexRecommendations}\n`,
      );
    }
    process.stdout.write(`\nindexes  saved share of per-statement maximum   (no budget, ${curveMs} ms)\n`);
    for (const point of result.curve.curve)
      process.stdout.write(
        `${String(point.indexes).padStart(7)}  ${(point.share * 100).toFixed(1).padStart(5)}%\n`,
      );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
