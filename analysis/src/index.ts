// Public surface of @perflens/analysis: the engine (engine.ts, free of Node and server dependencies) and the
// `perflens analyze` subcommand, whose Node-only parts (reading the SLO file) load lazily inside its action.
export * from './engine';
export { registerAnalyzeCommand, runAnalyze, renderReport, type AnalyzeOutcome } from './cli/analyze-command';
export { EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, type ReportFormat, type FailOn } from './cli/analyze-options';
export { loadSloInput, DEFAULT_SLO_FILE, type SloInput } from './cli/slo-input';
