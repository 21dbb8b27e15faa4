import { leRegex, promDuration, quote, regexLiteral, selector } from './promql';

describe('PromQL builders', () => {
  it.each([
    ['plain text is quoted', 'demo-api', '"demo-api"'],
    ['quotes and backslashes are escaped', 'a"b\\c', '"a\\"b\\\\c"'],
    ['newlines are escaped', 'a\nb', '"a\\nb"'],
  ])('%s', (_title, value, expected) => {
    expect(quote(value)).toBe(expected);
  });

  it.each([
    ['a metric without matchers stays bare', 'up', {}, 'up'],
    [
      'equality, regex and negations keep their order',
      'm',
      { a: 'x', b: { regex: '5..' }, c: { not: 'y' }, d: { notRegex: 'z|w' } },
      'm{a="x",b=~"5..",c!="y",d!~"z|w"}',
    ],
    ['undefined matchers are left out', 'm', { a: undefined, b: 'x' }, 'm{b="x"}'],
  ])('%s', (_title, metric, matchers, expected) => {
    expect(selector(metric, matchers)).toBe(expected);
  });

  it.each([
    [900, '15m'],
    [3600, '1h'],
    [86_400 * 30, '30d'],
    [90, '90s'],
    [0.2, '1s'],
  ])('%d seconds is the range %s', (seconds, expected) => {
    expect(promDuration(seconds)).toBe(expected);
  });

  it('matches histogram boundaries as prom-client and OpenMetrics both print them', () => {
    expect(leRegex([0.25, 1])).toBe('0\\.25|1|1\\.0');
  });

  it('escapes regex metacharacters of a route template', () => {
    expect(regexLiteral('/api/orders/:id(\\d+)?')).toBe('/api/orders/:id\\(\\\\d\\+\\)\\?');
  });
});
