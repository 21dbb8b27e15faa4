import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { type KubernetesResource, perflensMetadata } from './kubernetes-resource';

const ALERT_RULES_DIR = path.resolve(__dirname, '..', '..', '..', 'alert-rules');

/** A Prometheus rule file of alert-rules/ that the Prometheus of docker-compose.yml and `perflens up` load. */
export interface RuleFileSource {
  /** Short name: `api` for rules/api.rules.yml, `slo` for generated/slo.rules.yml. */
  name: string;
  /** Path relative to alert-rules/, for messages and the generated files' headers. */
  relativePath: string;
  file: string;
}

/** The hand-written rule files (rules/*.yml) and the generated SLO rules, in a stable order. */
export function ruleFileSources(alertRulesDir = ALERT_RULES_DIR): RuleFileSource[] {
  const handWritten = readdirSync(path.join(alertRulesDir, 'rules'))
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((file) => path.join('rules', file));
  return [...handWritten, path.join('generated', 'slo.rules.yml')].map((relativePath) => ({
    name: path.basename(relativePath).replace(/\.rules\.yml$|\.yml$/, ''),
    relativePath,
    file: path.join(alertRulesDir, relativePath),
  }));
}

/** The `groups` of a rule file, parsed; a file without them is named in the error. */
export function ruleFileGroups(source: RuleFileSource): unknown[] {
  const parsed = parse(readFileSync(source.file, 'utf8')) as { groups?: unknown } | null;
  if (!parsed || !Array.isArray(parsed.groups)) {
    throw new Error(`${source.file}: a Prometheus rule file needs a top-level "groups" list`);
  }
  return parsed.groups;
}

/**
 * A PrometheusRule (monitoring.coreos.com/v1) with the rule file's groups unchanged: the operator writes
 * spec.groups into a rule file for Prometheus, so the groups are the same YAML the other stacks load.
 */
export function prometheusRule(source: RuleFileSource): KubernetesResource {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: perflensMetadata(`perflens-${source.name}`, { 'app.kubernetes.io/component': 'alert-rules' }),
    spec: { groups: ruleFileGroups(source) },
  };
}
