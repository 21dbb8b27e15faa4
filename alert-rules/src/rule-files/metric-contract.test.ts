import { HTTP_ACTIVE_REQUESTS, HTTP_REQUEST_DURATION } from '@perflens/conventions';
import { metricCatalogue } from '@perflens/exporter';
import path from 'node:path';
import { promqlMetricNames } from './promql-metric-names';
import { allRules, isAlertingRule, ruleFilePaths } from './rule-file-paths';
import { HISTOGRAM_SUFFIXES, PROMETHEUS_SERIES } from './rule-metric-sources';

const produced = new Map(metricCatalogue.map((metric) => [metric.name, metric.type]));
const recorded = new Set(
  allRules(ruleFilePaths()).flatMap((rule) => (isAlertingRule(rule) ? [] : [rule.record])),
);

/** True when the name is a catalogue metric, one of its histogram series, a recording or a Prometheus series. */
function isProduced(name: string): boolean {
  if (produced.has(name) || recorded.has(name)) return true;
  if ((PROMETHEUS_SERIES as readonly string[]).includes(name)) return true;
  return HISTOGRAM_SUFFIXES.some((suffix) => {
    const type = name.endsWith(suffix) ? produced.get(name.slice(0, -suffix.length)) : undefined;
    return type === 'histogram' || type === 'summary';
  });
}

describe('metric contract of the rule files', () => {
  it.each(ruleFilePaths().map((file) => ({ file: path.basename(file), full: file })))(
    'every metric $file reads is produced by the instrumentation library, the exporter, Prometheus or a recording rule',
    ({ full }) => {
      const unknown = allRules([full])
        .flatMap((rule) => promqlMetricNames(rule.expr))
        .filter((name) => !isProduced(name));
      expect([...new Set(unknown)].sort()).toEqual([]);
    },
  );

  it('reads only histogram suffixes of metrics that are histograms', () => {
    expect(isProduced(`${HTTP_REQUEST_DURATION}_bucket`)).toBe(true);
    expect(isProduced(`${HTTP_ACTIVE_REQUESTS}_count`)).toBe(false);
  });
});
