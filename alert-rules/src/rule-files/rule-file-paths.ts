import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { AlertingRule, RecordingRule, RuleFile } from '../generate/prometheus-rules';

/** The alert-rules workspace folder: rules/ (hand-written), generated/ (from slo.yaml), tests/ (promtool). */
export const ALERT_RULES_DIR = path.join(__dirname, '../..');

function yamlFiles(folder: string, suffix: string): string[] {
  const dir = path.join(ALERT_RULES_DIR, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Every rule file Prometheus loads, hand-written and generated. */
export function ruleFilePaths(): string[] {
  return [...yamlFiles('rules', '.rules.yml'), ...yamlFiles('generated', '.rules.yml')];
}

/** Every `promtool test rules` file. */
export function promtoolTestPaths(): string[] {
  return yamlFiles('tests', '.test.yml');
}

export function readRuleFile(file: string): RuleFile {
  return parse(readFileSync(file, 'utf8')) as RuleFile;
}

export function isAlertingRule(rule: AlertingRule | RecordingRule): rule is AlertingRule {
  return 'alert' in rule;
}

/** Every rule of the given files, flattened. */
export function allRules(files: readonly string[]): Array<AlertingRule | RecordingRule> {
  return files.flatMap((file) => readRuleFile(file).groups.flatMap((group) => group.rules));
}
