import type { CheckMetadata } from '../findings/check-definition';
import { DEFAULT_THRESHOLDS } from '../thresholds/default-thresholds';

export const CATALOGUE_BEGIN =
  '<!-- checks:begin (generated from analysis/src/checks metadata; do not edit) -->';
export const CATALOGUE_END = '<!-- checks:end -->';

/** docs/analysis.md's check catalogue: one section per check (its runbook anchor), then the defaults. */
export function checkCatalogueMarkdown(checks: readonly CheckMetadata[]): string {
  const sections = checks.map((check) =>
    [
      `### ${check.id}`,
      '',
      `**${check.title}** (layer: ${check.layer})`,
      '',
      `- **Why it matters:** ${check.whyItMatters}`,
      `- **Score:** ${check.scoring}`,
      `- **Thresholds:** ${check.thresholds}`,
      `- **Remedy:** ${check.remedy}`,
      '',
    ].join('\n'),
  );
  const defaults = Object.entries(DEFAULT_THRESHOLDS).flatMap(([layer, values]) =>
    Object.entries(values as Record<string, number>).map(
      ([name, value]) => `| \`${layer}.${name}\` | ${value} |`,
    ),
  );
  return [
    CATALOGUE_BEGIN,
    '',
    ...sections,
    '### Default thresholds',
    '',
    'Override any of them in the `--config` JSON file (`{ "postgres": { "cacheHitRatio": 0.95 } }`).',
    '',
    '| threshold | default |',
    '|---|---:|',
    ...defaults,
    '',
    CATALOGUE_END,
  ].join('\n');
}
