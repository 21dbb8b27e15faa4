import { stringify } from 'yaml';
import type { RuleFile } from '../generate/prometheus-rules';

/** Serializes a rule file as YAML, with a header saying where it comes from. No line folding, so diffs stay readable. */
export function ruleFileYaml(file: RuleFile, header: readonly string[]): string {
  const comments = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  return `${comments}\n${stringify(file, { lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true })}`;
}
