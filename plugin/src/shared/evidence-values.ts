import { formattedValueToString, getValueFormat } from '@grafana/data';
import type { EvidenceUnit } from '@perflens/analysis/engine';

/** Grafana unit ids for the engine's evidence units, so numbers read as they do in the dashboards. */
export const GRAFANA_UNITS: Record<EvidenceUnit, string> = {
  seconds: 's',
  bytes: 'bytes',
  ratio: 'percentunit',
  requests_per_second: 'reqps',
  queries_per_request: 'short',
  per_second: 'short',
  count: 'short',
  score: 'short',
};

/** The y-axis label of an evidence chart: what its unit measures, so an axis never shows bare numbers. */
export const AXIS_LABELS: Record<EvidenceUnit, string> = {
  seconds: 'duration',
  bytes: 'size',
  ratio: 'share',
  requests_per_second: 'requests/s',
  queries_per_request: 'queries/request',
  per_second: 'per second',
  count: 'count',
  score: 'score',
};

/** A value in its unit with Grafana's formatters, e.g. `312 ms`, `2.86 MB`, `12.5%`. */
export function formatEvidenceValue(value: number, unit: EvidenceUnit): string {
  const formatted = formattedValueToString(getValueFormat(GRAFANA_UNITS[unit])(value, 2));
  return unit === 'per_second' ? `${formatted}/s` : formatted;
}
