// Public surface of @perflens/exporter: the standalone `perflens exporter` (host and PostgreSQL
// collectors, real-user web vitals on /rum, the advisor API mounted from @perflens/advisor) and the
// catalogue of every metric Perflens produces.
export { metricCatalogue, type MetricDefinition } from './metric-catalogue';
export { registerExporterCommand } from './standalone/exporter-command';
export { loadExporterConfig, type ExporterConfig } from './standalone/exporter-config';
export { startExporterServer, type RunningExporter } from './standalone/exporter-server';
