import type { Options, Scenario } from 'k6/options';
import type { EnvConfig } from './env-config.ts';
import { sloThresholds, summaryTrendStats, type Thresholds } from './slo-thresholds.ts';
import type { ServiceSloThresholds } from './slo-thresholds-file.ts';
import { BOUNDED_SYSTEM_TAGS } from './system-tags.ts';

export interface TestOptionsInput {
  config: EnvConfig;
  service: ServiceSloThresholds;
  /** The one scenario of the test, named after the test type. */
  scenario: Scenario;
  /** Thresholds on top of the SLO ones, or instead of them when `sloThresholds` is given. */
  extraThresholds?: Thresholds;
  /** Replaces the plain SLO thresholds (the breakpoint test makes them abort). */
  sloThresholds?: Thresholds;
}

/**
 * The `options` every entry script exports: its scenario under `scenarios` (a top-level `executor` is silently
 * ignored by k6, see the reference notes on the docs' breakpoint example), the SLO thresholds, bounded system
 * tags and the test-wide `testid` tag. The tag comes from TESTID rather than `--tag`, because `--tag` replaces
 * `options.tags` instead of merging with it (k6 docs, "Tags and groups: test-wide tags").
 */
export function testOptions(input: TestOptionsInput): Options {
  const { config, service } = input;
  return {
    scenarios: { [config.testType]: input.scenario },
    thresholds: { ...(input.sloThresholds ?? sloThresholds(service)), ...input.extraThresholds },
    tags: { testid: config.testId, test_type: config.testType },
    systemTags: [...BOUNDED_SYSTEM_TAGS],
    summaryTrendStats: summaryTrendStats(service),
  };
}
