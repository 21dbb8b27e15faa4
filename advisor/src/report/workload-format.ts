import type { AdvisorReport } from './advisor-report';

/**
 * The index set chosen for the workload, per table: how much of what one index per statement would save
 * it captures, with how many indexes, and what finding it took (EXPLAINs, pruned pairs).
 */
export function workloadLines(report: AdvisorReport, format: 'table' | 'markdown'): string[] {
  const workload = report.workload;
  if (!workload || workload.tables.length === 0) return [];
  const effort =
    `${workload.explains} what-if EXPLAINs, ${workload.pairsPlanned} (index, statement) pairs planned, ` +
    `${workload.pairsPruned} skipped (the statement never names the index's first column)` +
    (workload.truncated ? '; the cost matrix was cut short by maxWhatIfExplains' : '');
  const rows = workload.tables.map((t) => {
    const share = `${Math.round(t.capturedShare * 100)}%`;
    const set = t.indexes.length > 0 ? t.indexes.join(', ') : '(none)';
    return {
      table: `${t.schema}.${t.table}`,
      text:
        `${t.indexes.length} index(es) save about ${Math.round(t.savedMs)} ms, ${share} of the ${Math.round(t.perStatementMaxMs)} ms ` +
        `one index per statement would save (${t.statements} statements, ${t.perStatementIndexes} per-statement indexes, ${t.candidates} candidates); stopped: ${t.stoppedBecause}`,
      set,
    };
  });
  if (format === 'markdown')
    return [
      '## Index set for the workload',
      '',
      effort,
      '',
      ...rows.map((r) => `- **${r.table}**: ${r.set}. ${r.text}.`),
      '',
    ];
  return [
    '',
    `Index set for the workload (${effort})`,
    ...rows.map((r) => `  ${r.table}: ${r.set}. ${r.text}.`),
  ];
}
