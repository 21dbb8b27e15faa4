import React from 'react';
import { InlineField, InlineFieldRow, MultiSelect, RadioButtonGroup } from '@grafana/ui';
import { type Layer, LAYERS, type Severity } from '@perflens/analysis/engine';
import { LAYER_NAMES } from '../shared/layer-names';

export interface FindingFilterValues {
  layers: Layer[];
  /** Lowest severity shown. */
  minSeverity: Severity;
}

interface Props {
  value: FindingFilterValues;
  onChange: (value: FindingFilterValues) => void;
}

const SEVERITY_OPTIONS = [
  { label: 'All', value: 'info' as const },
  { label: 'Warning and up', value: 'warning' as const },
  { label: 'Critical', value: 'critical' as const },
];

/** Layer and severity filters of the findings list. */
export function FindingFilters({ value, onChange }: Props) {
  return (
    <InlineFieldRow>
      <InlineField label="Layers" htmlFor="perflens-layer-filter">
        <MultiSelect
          inputId="perflens-layer-filter"
          width={48}
          placeholder="All layers"
          options={LAYERS.map((layer) => ({ label: LAYER_NAMES[layer], value: layer }))}
          value={value.layers}
          onChange={(selected) => onChange({ ...value, layers: selected.map((s) => s.value as Layer) })}
        />
      </InlineField>
      <InlineField label="Severity">
        <RadioButtonGroup
          options={SEVERITY_OPTIONS}
          value={value.minSeverity}
          onChange={(minSeverity) => onChange({ ...value, minSeverity })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
