import { createIndexConcurrentlySql, dropIndexConcurrentlySql, indexName } from '@perflens/conventions';
import { formatBytes } from './index-hygiene';
import { writeOverhead } from './write-overhead';
import type { IndexCandidate } from './candidate-indexes';
import type { ChosenIndex, WorkloadSelection } from './workload-selection';
import { recommendationId, type Recommendation } from '../report/recommendation';
import type { WorkloadSummary } from '../report/advisor-report';

/** The name Perflens gives a candidate's index: key columns, then `incl`/`part` so variants stay distinct. */
export function candidateIndexName(candidate: IndexCandidate): string {
  // An expression key names the index by its words: (lower(email)) → lower_email.
  const parts = candidate.columns.map((c) => c.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, ''));
  if (candidate.include?.length) parts.push('incl', ...candidate.include);
  if (candidate.where) parts.push('part');
  return indexName(candidate.table.name, parts);
}

/** The stable key of a recommendation id: unchanged for a plain index so ids survive across versions. */
function candidateId(candidate: IndexCandidate): string {
  const { table, columns } = candidate;
  const include = candidate.include?.length ? ` INCLUDE (${candidate.include.join(',')})` : '';
  const where = candidate.where ? ` WHERE ${candidate.where}` : '';
  return `${table.schema}.${table.name}(${columns.join(',')})${include}${where}`;
}

/** One missing-index recommendation for an index of the workload's chosen set. */
export function chosenIndexRecommendation(chosen: ChosenIndex, totalMs: number): Recommendation {
  const { candidate } = chosen;
  const { table, columns } = candidate;
  const name = candidateIndexName(candidate);
  const statements = chosen.serves.map(({ statement, costAfter, savedMs }) => ({
    queryid: statement.stats.queryid,
    query: statement.stats.query,
    calls: statement.stats.calls,
    meanExecMs: round(statement.stats.meanExecMs),
    costBefore: round(statement.costBefore),
    costAfter: round(costAfter),
    savedMs,
  }));
  const before = Math.max(...statements.map((s) => s.costBefore));
  const after = Math.max(...statements.map((s) => s.costAfter));
  const reduction = before > 0 ? 1 - after / before : 0;
  const share = totalMs > 0 ? chosen.savedMs / totalMs : 0;
  const variant = [
    candidate.include?.length ? ` INCLUDE (${candidate.include.join(', ')})` : '',
    candidate.where ? ` WHERE ${candidate.where}` : '',
  ].join('');
  const overhead = writeOverhead(candidate);
  return {
    id: recommendationId('missing-index', candidateId(candidate)),
    kind: 'missing-index',
    severity: share >= 0.2 ? 'critical' : 'warning',
    title:
      `Add index on ${table.name} (${columns.join(', ')})${variant}: saves about ${Math.round(chosen.savedMs)} ms ` +
      `for ${statements.length} statement(s), planner cost ${Math.round(before)} → ${Math.round(after)} (−${Math.floor(reduction * 100)}%)`,
    target: {
      schema: table.schema,
      table: table.name,
      index: name,
      columns,
      ...(candidate.include?.length ? { include: candidate.include } : {}),
      ...(candidate.where ? { where: candidate.where } : {}),
    },
    evidence: [
      { label: 'planner cost before (hypopg)', value: round(before) },
      { label: 'planner cost after (hypopg)', value: round(after) },
      { label: 'cost reduction', value: round(reduction) },
      { label: 'execution time saved', value: chosen.savedMs, unit: 'ms' },
      { label: 'share of execution time', value: round(share) },
      { label: 'write cost charged', value: chosen.writeCostMs, unit: 'ms' },
      { label: 'index size (hypopg)', value: chosen.sizeBytes, unit: 'bytes' },
      { label: 'table rows', value: table.rows },
      { label: 'table size', value: table.sizeBytes, unit: 'bytes' },
    ],
    statements,
    expectedEffect:
      `Part of the set chosen for the whole workload: the planner's cost for ${statements.length} statement(s) drops ` +
      `by up to ${Math.floor(reduction * 100)}% with this index and the others of the set in place (hypothetical indexes), ` +
      `about ${Math.round(chosen.savedMs)} ms of the execution time measured so far, against about ` +
      `${Math.round(chosen.writeCostMs)} ms of extra write work. The index takes about ${formatBytes(chosen.sizeBytes || overhead.estimatedSizeBytes)}.`,
    writeOverhead: overhead,
    verified: true,
    applySql: createIndexConcurrentlySql({
      schema: table.schema,
      table: table.name,
      columns,
      include: candidate.include,
      where: candidate.where,
      name,
    }),
    rollbackSql: dropIndexConcurrentlySql(table.schema, name),
  };
}

/** The set-level figures of the report: per table, what the chosen set saves of the per-statement maximum. */
export function workloadSummary(selection: WorkloadSelection): WorkloadSummary {
  return {
    explains: selection.explains,
    pairsPlanned: selection.pairsPlanned,
    pairsPruned: selection.pairsPruned,
    truncated: selection.truncated,
    elapsedMs: selection.elapsedMs,
    tables: selection.tables.map((t) => ({
      schema: t.table.schema,
      table: t.table.name,
      statements: t.statements.length,
      perStatementIndexes: t.perStatementIndexes,
      candidates: t.candidates,
      indexes: t.chosen.map((c) => candidateIndexName(c.candidate)),
      savedMs: t.savedMs,
      perStatementMaxMs: t.perStatementMaxMs,
      capturedShare: t.perStatementMaxMs > 0 ? round(t.savedMs / t.perStatementMaxMs) : 0,
      sizeBytes: t.chosen.reduce((sum, c) => sum + c.sizeBytes, 0),
      curve: t.curve.map((point) => ({
        ...point,
        share: t.perStatementMaxMs > 0 ? round(point.savedMs / t.perStatementMaxMs) : 0,
      })),
      stoppedBecause: t.stoppedBecause,
    })),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
