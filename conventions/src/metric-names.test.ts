import * as metricNames from './metric-names';
import { WEB_VITAL_METRICS } from './metric-names';

const names = Object.values(metricNames).flatMap((value) =>
  typeof value === 'string' ? [value] : Object.values(value),
);

describe('metric names', () => {
  it('are valid Prometheus metric names, each spelled once', () => {
    expect(names.filter((name) => !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('name the web vitals perflens_web_vitals_<vital>, in seconds except the unitless CLS', () => {
    expect(Object.entries(WEB_VITAL_METRICS)).toEqual([
      ['LCP', 'perflens_web_vitals_lcp_seconds'],
      ['INP', 'perflens_web_vitals_inp_seconds'],
      ['CLS', 'perflens_web_vitals_cls'],
      ['FCP', 'perflens_web_vitals_fcp_seconds'],
      ['TTFB', 'perflens_web_vitals_ttfb_seconds'],
      ['PageLoad', 'perflens_web_vitals_page_load_seconds'],
    ]);
  });
});
