import type { ClientBase } from 'pg';
import {
  candidateKey,
  columnUsesByTable,
  indexCandidates,
  type IndexCandidate,
  type TableColumnUse,
} from './candidate-indexes';
import { heuristicIndex } from './heuristic-index';
import { validateWithHypopg, type StatementToValidate, type ValidationOptions } from './hypopg-validation';
import { formatBytes } from './index-hygiene';
import { createIndexConcurrentlySql, dropIndexConcurrentlySql, indexName } from '@perflens/conventions';
import { recommendationId, type Recommendation, type StatementEvidence } from '../report/recommendation';
import {
  statementShape,
  UnsupportedStatementError,
  type StatementShape,
} from '../statements/statement-shape';
import type { StatementStats } from '../statements/statements-source';
import { loadTables } from '../health/table-catalog';
import { writeOverhead } from './write-overhead';

/** A problem with one statement; the rest of the report is unaffected. */
export interface StatementError {
  queryid: string;
  query: string;
  message: string;
}

export interface IndexAdviceResult {
  recommendations: Recommendation[];
  errors: StatementError[];
  /** Statements with at least one candidate column on a user table. */
  analysed: number;
  explains: number;
}

interface Parsed {
  stats: StatementStats;
  shape: StatementShape;
  uses: TableColumnUse[];
}

/**
 * Missing-index advice for the given statements: parse each, resolve its tables, then prove candidates
 * with hypopg (Dexter's passes) or, without hypopg, fall back to PgHero's statistics heuristic and mark
 * the advice unverified. Statements that are not SELECT/UPDATE/DELETE are skipped silently (they are
 * not index questions); a statement that cannot be planned is reported as an error.
 */
export async function missingIndexAdvice(
  client: ClientBase,
  statements: readonly StatementStats[],
  options: ValidationOptions & { hypopg: boolean },
): Promise<IndexAdviceResult> {
  const shapes: { stats: StatementStats; shape: StatementShape }[] = [];
  for (const stats of statements) {
    try {
      shapes.push({ stats, shape: await statementShape(stats.query) });
    } catch (error) {
      if (!(error instanceof UnsupportedStatementError)) throw error;
    }
  }
  const tables = await loadTables(
    client,
    shapes.flatMap((s) => s.shape.tables),
  );
  const parsed: Parsed[] = shapes
    .map((s) => ({ ...s, uses: columnUsesByTable(s.shape, tables) }))
    .filter((p) => p.uses.length > 0);
  const found = new Map<
    string,
    { candidate: IndexCandidate; statements: StatementEvidence[]; verified: boolean }
  >();
  const add = (candidate: IndexCandidate, evidence: StatementEvidence, verified: boolean) => {
    const entry = found.get(candidateKey(candidate)) ?? { candidate, statements: [], verified };
    entry.statements.push(evidence);
    found.set(candidateKey(candidate), entry);
  };
  const errors: StatementError[] = [];
  let explains = 0;
  if (options.hypopg) {
    const toValidate: StatementToValidate[] = parsed.map((p) => ({
      queryid: p.stats.queryid,
      query: p.stats.query,
      paramCount: p.shape.paramCount,
      ...indexCandidates(p.uses),
    }));
    const byId = new Map(parsed.map((p) => [p.stats.queryid, p.stats]));
    for (const result of await validateWithHypopg(client, toValidate, options)) {
      explains += result.explains;
      const stats = byId.get(result.queryid)!;
      if (result.error) errors.push({ queryid: stats.queryid, query: stats.query, message: result.error });
      for (const candidate of result.indexes) {
        add(candidate, evidenceOf(stats, result.costBefore ?? 0, result.costAfter ?? 0), true);
      }
    }
  } else {
    for (const p of parsed) {
      for (const use of p.uses) {
        const suggestion = heuristicIndex(use);
        if (suggestion)
          add(suggestion.candidate, evidenceOf(p.stats, suggestion.rowsBefore, suggestion.rowsAfter), false);
      }
    }
  }
  mergeCoveredSingles(found);
  const totalMs = statements.reduce((sum, s) => sum + s.totalExecMs, 0);
  const recommendations = [...found.values()].map((f) =>
    indexRecommendation(f.candidate, f.statements, f.verified, totalMs),
  );
  return { recommendations, errors, analysed: parsed.length, explains };
}

/** Dexter drops a single-column suggestion that a suggested two-column index starts with. */
function mergeCoveredSingles(
  found: Map<string, { candidate: IndexCandidate; statements: StatementEvidence[] }>,
): void {
  for (const [key, entry] of found) {
    if (entry.candidate.columns.length !== 1) continue;
    const cover = [...found.values()].find(
      (other) =>
        other.candidate.table.oid === entry.candidate.table.oid &&
        other.candidate.columns.length > 1 &&
        other.candidate.columns[0] === entry.candidate.columns[0],
    );
    if (!cover) continue;
    cover.statements.push(
      ...entry.statements.filter((s) => !cover.statements.some((c) => c.queryid === s.queryid)),
    );
    found.delete(key);
  }
}

function evidenceOf(stats: StatementStats, costBefore: number, costAfter: number): StatementEvidence {
  return {
    queryid: stats.queryid,
    query: stats.query,
    calls: stats.calls,
    meanExecMs: round(stats.meanExecMs),
    costBefore: round(costBefore),
    costAfter: round(costAfter),
  };
}

function indexRecommendation(
  candidate: IndexCandidate,
  statements: StatementEvidence[],
  verified: boolean,
  totalMs: number,
): Recommendation {
  const { table, columns } = candidate;
  const name = indexName(table.name, columns);
  const before = Math.max(...statements.map((s) => s.costBefore));
  const after = Math.max(...statements.map((s) => s.costAfter));
  const reduction = before > 0 ? 1 - after / before : 0;
  const ms = statements.reduce((sum, s) => sum + s.calls * s.meanExecMs, 0);
  const share = totalMs > 0 ? ms / totalMs : 0;
  const unit = verified ? 'planner cost' : 'estimated rows';
  return {
    id: recommendationId('missing-index', `${table.schema}.${table.name}(${columns.join(',')})`),
    kind: 'missing-index',
    severity: !verified ? 'info' : share >= 0.2 ? 'critical' : 'warning',
    title:
      `Add index on ${table.name} (${columns.join(', ')}): ${unit} ${Math.round(before)} → ${Math.round(after)} ` +
      `(−${Math.floor(reduction * 100)}%) for ${statements.length} statement(s)${verified ? '' : ' [unverified heuristic]'}`,
    target: { schema: table.schema, table: table.name, index: name, columns },
    evidence: [
      { label: verified ? 'planner cost before (hypopg)' : 'estimated rows before', value: round(before) },
      { label: verified ? 'planner cost after (hypopg)' : 'estimated rows after', value: round(after) },
      { label: 'cost reduction', value: round(reduction), threshold: verified ? 0.5 : undefined },
      { label: 'share of execution time', value: round(share) },
      { label: 'table rows', value: table.rows },
      { label: 'table size', value: table.sizeBytes, unit: 'bytes' },
    ],
    statements,
    expectedEffect: verified
      ? `The planner's cost for ${statements.length} statement(s) drops by ${Math.floor(reduction * 100)}% with this index (checked with a hypothetical index); they took ${Math.round(ms)} ms in total so far. The index takes about ${formatBytes(writeOverhead(candidate).estimatedSizeBytes)}.`
      : `Statistics suggest the index leaves ${Math.round(after)} of ${Math.round(before)} rows to read; install hypopg to have the planner confirm it.`,
    writeOverhead: writeOverhead(candidate),
    verified,
    applySql: createIndexConcurrentlySql({ schema: table.schema, table: table.name, columns, name }),
    rollbackSql: dropIndexConcurrentlySql(table.schema, name),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
