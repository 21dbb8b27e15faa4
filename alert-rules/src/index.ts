// Public surface of @perflens/alert-rules: the SLO file loader and model (k6 thresholds and the analysis
// engine import them), the rule generator and the `perflens slo` subcommand.
export {
  sloSpecSchema,
  LATENCY_THRESHOLDS_SECONDS,
  type SloSpec,
  type ServiceSpec,
  type SloSpecEntry,
} from './spec/slo-spec-schema';
export { parseSloSpec, loadSloSpec, SloSpecError } from './spec/parse-slo-spec';
export { buildSloModel, type SloModel } from './model/slo-model';
export { WORKBOOK_BURN_WINDOWS, burnRate, type BurnWindow, type BurnSeverity } from './model/burn-windows';
export {
  generateSloRules,
  DEFAULT_RUNBOOK_BASE_URL,
  type GenerateSloRulesOptions,
} from './generate/generate-slo-rules';
export { SLO_BURN_ALERT } from './generate/burn-rate-alerts';
export type { RuleFile, RuleGroup, RecordingRule, AlertingRule } from './generate/prometheus-rules';
export { ruleFileYaml } from './write/rule-file-yaml';
export { renderSloRuleFile, writeSloRuleFile } from './write/slo-rule-file';
export { registerSloCommand, DEFAULT_SLO_FILE, DEFAULT_SLO_RULES_FILE } from './cli/slo-command';
