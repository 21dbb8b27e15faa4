/** One metric as the catalogue records it: what produces it and with which labels. */
export interface MetricDefinition {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'info';
  help: string;
  labels: readonly string[];
  /** The part of Perflens that produces it, e.g. "instrument/http" or "exporter/host". */
  producer: string;
}
