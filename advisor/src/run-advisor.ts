import { Client, type ClientBase } from 'pg';
import { markPerflensQueries } from '@perflens/conventions';
import { parseAdvisorOptions, type AdvisorOptions, type AdvisorOptionsInput } from './advisor-options';
import { sortRecommendations, type AdvisorReport, type SlowStatement } from './report/advisor-report';
import { missingIndexAdvice } from './indexes/index-advice';
import { duplicateIndexes, invalidIndexes, readIndexUsage, unusedIndexes } from './indexes/index-hygiene';
import type { Recommendation } from './report/recommendation';
import { readServerHealth, serverHealthAdvice } from './health/server-health';
import {
  extensionSchema,
  readStatements,
  statementsWorthAnalysing,
  type StatementStats,
} from './statements/statements-source';
import { workloadSummary } from './indexes/workload-recommendation';
import { linkSeqScanTables } from './report/seq-scan-coverage';
import type { TableCoverage } from './indexes/table-coverage';
import { bloatedTables, readTableHealth, seqScanHeavyTables } from './health/table-health';
import { TableScanBaseline } from './health/table-scan-baseline';
import { advisorRoleRefusal } from './connection/advisor-role';

/** Raised when the database cannot be reached at all; every other failure becomes part of the report. */
export class AdvisorConnectionError extends Error {}

/** Raised when the advisor's login role is a superuser and allowSuperuser is off (connection/advisor-role.ts). */
export class AdvisorRoleError extends AdvisorConnectionError {}

/**
 * Runs `use` on a new connection to `dsn` and always closes it. A connection that cannot be made becomes
 * an AdvisorConnectionError; the advisor holds no connection between runs.
 */
export async function withAdvisorClient<T>(
  dsn: string,
  connectTimeoutMs: number,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  // Marked: its catalog reads must not pass for the service's statements (conventions/query-marker.ts).
  const client = markPerflensQueries(
    new Client({ connectionString: dsn, connectionTimeoutMillis: connectTimeoutMs }),
  );
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new AdvisorConnectionError(`cannot connect to PostgreSQL: ${(error as Error).message}`);
  }
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * For a process that mounts the advisor (the exporter): the refusal to run on `dsn` as a superuser, checked
 * once at start-up so that it refuses to start rather than failing every request. A database that cannot
 * be reached yet is not a refusal (each run reports it).
 */
export async function advisorStartupRefusal(
  dsn: string,
  input: AdvisorOptionsInput = {},
  connectTimeoutMs = 10_000,
): Promise<string | undefined> {
  const options = parseAdvisorOptions(input);
  try {
    return await withAdvisorClient(dsn, connectTimeoutMs, (client) => advisorRoleRefusal(client, options));
  } catch (error) {
    if (error instanceof AdvisorConnectionError) return undefined;
    throw error;
  }
}

/**
 * Runs the advisor on a new connection to `dsn` and closes it. With `scanWindowSeconds`, table scans are
 * judged on the scans during that window (the counters are read, then read again by the run), not on the
 * counters since the last statistics reset.
 */
export async function runAdvisorOnDsn(
  dsn: string,
  input: AdvisorOptionsInput = {},
  connectTimeoutMs = 10_000,
  scanWindowSeconds = 0,
): Promise<AdvisorReport> {
  const options = parseAdvisorOptions(input);
  let baseline: TableScanBaseline | undefined;
  if (scanWindowSeconds > 0) {
    // Never moved forward: the run judges everything since this first reading.
    const first = new TableScanBaseline(Number.POSITIVE_INFINITY);
    await withAdvisorClient(dsn, connectTimeoutMs, async (client) =>
      first.judge(await readTableHealth(client)),
    );
    await new Promise((resolve) => setTimeout(resolve, scanWindowSeconds * 1000));
    baseline = first;
  }
  return withAdvisorClient(dsn, connectTimeoutMs, (client) => runAdvisor(client, options, baseline));
}

/**
 * Runs every check on one dedicated connection (hypopg's hypothetical indexes live in the session that
 * made them). Each section fails alone: its error goes into `sectionErrors` and the others still run,
 * the way a collector fails alone in the exporter. `scanBaseline`, kept by a caller that runs the advisor
 * again and again, makes table scan advice judge the scans since an earlier run.
 */
export async function runAdvisor(
  client: ClientBase,
  options: AdvisorOptions,
  scanBaseline?: TableScanBaseline,
): Promise<AdvisorReport> {
  const refusal = await advisorRoleRefusal(client, options);
  if (refusal) throw new AdvisorRoleError(refusal);
  const info = await client.query<{ database: string; version: string }>(
    `SELECT current_database() AS database, current_setting('server_version') AS version`,
  );
  const statsSchema = await extensionSchema(client, 'pg_stat_statements');
  const hypopgSchema = options.useHypopg ? await extensionSchema(client, 'hypopg') : undefined;
  const report: AdvisorReport = {
    generatedAt: new Date().toISOString(),
    database: info.rows[0]!.database,
    serverVersion: info.rows[0]!.version,
    hypopg: hypopgSchema !== undefined,
    pgStatStatements: statsSchema !== undefined,
    slowStatements: [],
    recommendations: [],
    statementErrors: [],
    sectionErrors: [],
    stats: { statementsRead: 0, statementsAnalysed: 0, explains: 0 },
  };
  const section = async (name: string, run: () => Promise<Recommendation[]>) => {
    try {
      report.recommendations.push(...(await run()));
    } catch (error) {
      report.sectionErrors.push({ section: name, message: (error as Error).message });
    }
  };
  let statements: StatementStats[] = [];
  let everyStatement: StatementStats[] = [];
  let coverage: TableCoverage[] | undefined;
  if (statsSchema === undefined) {
    report.sectionErrors.push({
      section: 'statements',
      message:
        'pg_stat_statements is not installed in this database: CREATE EXTENSION pg_stat_statements (it must be in shared_preload_libraries)',
    });
  } else {
    await section('statements', async () => {
      everyStatement = await readStatements(client, statsSchema, { minCalls: options.minCalls });
      statements = statementsWorthAnalysing(everyStatement, {
        limit: options.maxStatements,
        minShare: options.minTimeShare,
      });
      report.stats.statementsRead = everyStatement.length;
      report.slowStatements = everyStatement
        .slice(0, options.maxStatements)
        .filter((s) => s.calls >= options.slowMinCalls && s.meanExecMs >= options.slowMeanMs)
        .map(slowStatement);
      return [];
    });
    await section('missing-indexes', async () => {
      if (hypopgSchema)
        await client.query(`SET search_path TO ${await searchPathWith(client, hypopgSchema)}`);
      const advice = await missingIndexAdvice(client, statements, {
        ...options,
        hypopg: report.hypopg,
        statementUserids: new Map(statements.map((s) => [s.queryid, s.userids])),
        workloadStatements: everyStatement,
      });
      report.statementErrors.push(...advice.errors);
      report.stats.statementsAnalysed = advice.analysed;
      report.stats.explains = advice.explains;
      if (advice.workload) report.workload = workloadSummary(advice.workload);
      report.statementPlans = advice.statementPlans;
      coverage = advice.coverage;
      return advice.recommendations;
    });
  }
  const indexes = readIndexUsage(client);
  const duplicates = new Set<string>();
  await section('duplicate-indexes', async () => {
    const found = duplicateIndexes(await indexes);
    for (const r of found) duplicates.add(`${r.target.schema}.${r.target.index}`);
    return found;
  });
  await section('unused-indexes', async () =>
    unusedIndexes(await indexes, options.unusedIndexMinBytes, duplicates),
  );
  await section('invalid-indexes', async () => invalidIndexes(await indexes));
  const tables = readTableHealth(client);
  await section('seq-scan-heavy-tables', async () => {
    const read = await tables;
    return seqScanHeavyTables(
      read,
      options.seqScanMinRows,
      options.seqScanMaxIndexShare,
      scanBaseline?.judge(read),
    );
  });
  linkSeqScanTables(report.recommendations, coverage, options);
  await section('table-bloat', async () => bloatedTables(await tables, options.bloatMinBytes));
  await section('server', async () =>
    serverHealthAdvice(await readServerHealth(client, options.idleInTransactionSeconds), options),
  );
  sortRecommendations(report.recommendations);
  return report;
}

function slowStatement(s: StatementStats): SlowStatement {
  const blocks = s.sharedBlksHit + s.sharedBlksRead;
  return { ...s, cacheHitRatio: blocks === 0 ? 1 : Math.round((s.sharedBlksHit / blocks) * 1000) / 1000 };
}

/** The session's search_path plus hypopg's schema, so hypopg_create_index resolves wherever it is installed. */
async function searchPathWith(client: ClientBase, schema: string): Promise<string> {
  const current = await client.query<{ search_path: string }>('SHOW search_path');
  const path = current.rows[0]!.search_path;
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  return path
    .split(',')
    .map((p) => p.trim())
    .includes(quoted) ||
    path
      .split(',')
      .map((p) => p.trim())
      .includes(schema)
    ? path
    : `${path}, ${quoted}`;
}
