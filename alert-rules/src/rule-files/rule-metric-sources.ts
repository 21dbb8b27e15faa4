/**
 * Series Prometheus writes itself for every scrape target (docs: "Jobs and instances", automatically
 * generated labels and time series); no exporter produces them.
 */
export const PROMETHEUS_SERIES = ['up'] as const;

/** Suffixes under which a histogram (or summary) in the catalogue appears in PromQL. */
export const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;
