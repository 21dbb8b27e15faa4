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

/** A value in its unit with Grafana's formatters, e.g. `312 ms`, `2.86 MB`, `12.5%`. */
export function formatEvidenceValue(value: number, unit: EvidenceUnit): string {
  const formatted = formattedValueToString(getValueFormat(GRAFANA_UNITS[unit])(value, 2));
  return unit === 'per_second' ? `${formatted}/s` : formatted;
}
