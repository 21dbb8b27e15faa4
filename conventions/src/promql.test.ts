import { leRegex, promNumber, quote, regexLiteral, selector } from './promql';

describe('PromQL builders', () => {
  it('quotes label values with Go string-literal escapes', () => {
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });

  it('builds a selector in matcher order, leaving undefined matchers out', () => {
    expect(
      selector('up', { job: 'api', instance: undefined, route: { regex: '/a|/b' }, code: { not: '200' } }),
    ).toBe('up{job="api",route=~"/a|/b",code!="200"}');
    expect(selector('up', { job: { notRegex: 'x.*' } })).toBe('up{job!~"x.*"}');
    expect(selector('up')).toBe('up');
  });

  it('matches both spellings of integer bucket boundaries', () => {
    expect(leRegex([0.25, 1])).toBe('0\\.25|1|1\\.0');
  });

  it.each([
    ['a wildcard and a dot', '/files/*.json', '/files/\\*\\.json'],
    ['an Express parameter pattern', '/api/orders/:id(\\d+)?', '/api/orders/:id\\(\\\\d\\+\\)\\?'],
  ])('escapes regex metacharacters of a route template: %s', (_title, template, expected) => {
    expect(regexLiteral(template)).toBe(expected);
  });

  it('writes numbers without float noise', () => {
    expect(promNumber(1 - 0.999)).toBe('0.001');
    expect(promNumber(14.4)).toBe('14.4');
  });
});
