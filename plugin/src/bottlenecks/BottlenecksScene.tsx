import React from 'react';
import { type SceneComponentProps, SceneObjectBase, type SceneObjectState } from '@grafana/scenes';
import { atLeast, type Finding } from '@perflens/analysis/engine';
import { AnalysisRunner } from '../shared/AnalysisRunner';
import { AnalysisStatus } from '../shared/AnalysisStatus';
import { FindingsTable } from '../shared/FindingsTable';
import { findingUrl } from '../shared/scene-links';
import { FindingFilters, type FindingFilterValues } from './FindingFilters';

interface BottlenecksState extends SceneObjectState {
  filters: FindingFilterValues;
}

/** The ranked findings of the range and service, filtered by layer and severity. */
export class BottlenecksScene extends SceneObjectBase<BottlenecksState> {
  static Component = BottlenecksRenderer;

  constructor(state: Partial<BottlenecksState> = {}) {
    super({ filters: { layers: [], minSeverity: 'info' }, ...state });
  }

  setFilters = (filters: FindingFilterValues) => this.setState({ filters });
}

/** Keeps the engine's ranking; only removes what the filters exclude. */
export function filterFindings(findings: readonly Finding[], filters: FindingFilterValues): Finding[] {
  return findings.filter(
    (f) => (filters.layers.length === 0 || filters.layers.includes(f.layer)) && atLeast(f.severity, filters.minSeverity)
  );
}

function BottlenecksRenderer({ model }: SceneComponentProps<BottlenecksScene>) {
  const { filters } = model.useState();
  const state = AnalysisRunner.find(model).useState();
  return (
    <div>
      <FindingFilters value={filters} onChange={model.setFilters} />
      <AnalysisStatus state={state}>
        {(report) => (
          <FindingsTable
            findings={filterFindings(report.findings, filters)}
            hrefOf={(f) => findingUrl(model, f.id)}
            emptyText={
              report.findings.length === 0
                ? 'No bottlenecks found in this time range.'
                : 'No finding matches these filters.'
            }
          />
        )}
      </AnalysisStatus>
    </div>
  );
}
