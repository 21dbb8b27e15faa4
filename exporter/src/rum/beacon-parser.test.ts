import { parseBeacon } from './beacon-parser';

const good = { name: 'LCP', value: 1800, id: 'v5-1-2' };
const beacon = (metrics: unknown, page: unknown = 'https://shop.example/products/42') =>
  JSON.stringify({ page, metrics });

describe('parseBeacon', () => {
  it.each([
    [
      'a body that is not JSON',
      '{"page":',
      { ok: false, reason: 'invalid_json', message: 'body is not valid JSON' },
    ],
    ['a JSON array', '[]', { ok: false, reason: 'invalid_payload', message: 'body must be a JSON object' }],
    [
      'a missing page',
      JSON.stringify({ metrics: [good] }),
      { ok: false, reason: 'invalid_payload', message: '"page" must be a string of 1 to 2048 characters' },
    ],
    [
      'a page URL of 2049 characters',
      beacon([good], 'x'.repeat(2049)),
      { ok: false, reason: 'invalid_payload', message: '"page" must be a string of 1 to 2048 characters' },
    ],
    [
      'metrics that are not an array',
      beacon({ 0: good }),
      { ok: false, reason: 'invalid_payload', message: '"metrics" must be a non-empty array' },
    ],
    [
      'an empty metrics array',
      beacon([]),
      { ok: false, reason: 'invalid_payload', message: '"metrics" must be a non-empty array' },
    ],
    [
      'JSON nested 17 levels deep (in a key no one reads)',
      `{"page":"/","metrics":[{"name":"LCP","value":1,"id":"a","x":${'['.repeat(14)}${']'.repeat(14)}}]}`,
      { ok: false, reason: 'invalid_payload', message: 'JSON may nest at most 16 levels deep' },
    ],
    [
      '20,000 nested brackets',
      '['.repeat(20_000) + ']'.repeat(20_000),
      { ok: false, reason: 'invalid_payload', message: 'JSON may nest at most 16 levels deep' },
    ],
    [
      '21 samples',
      beacon(Array(21).fill(good)),
      { ok: false, reason: 'too_many_samples', message: '"metrics" may hold at most 20 samples' },
    ],
  ])('refuses %s', (_title, body, expected) => {
    expect(parseBeacon(body)).toEqual(expected);
  });

  it.each([
    ['an unknown metric name', { ...good, name: 'FID' }, 'unknown_name'],
    ['a name that is not a string', { ...good, name: ['LCP'] }, 'unknown_name'],
    ['a value given as a string', { ...good, value: '1800' }, 'invalid_value'],
    ['a null value', { ...good, value: null }, 'invalid_value'],
    ['a negative value', { ...good, value: -1 }, 'out_of_range'],
    ['an LCP over two minutes', { ...good, value: 120_001 }, 'out_of_range'],
    ['a page load over two minutes', { name: 'PageLoad', value: 120_001, id: 'pl-1' }, 'out_of_range'],
    ['a TTFB over two minutes', { name: 'TTFB', value: 120_000.5, id: 't-1' }, 'out_of_range'],
    ['a CLS over 100', { name: 'CLS', value: 101, id: 'a' }, 'out_of_range'],
    ['a value of 1e308', { ...good, value: 1e308 }, 'out_of_range'],
    ['an id with markup', { ...good, id: '<script>' }, 'invalid_id'],
    ['an id of 129 characters', { ...good, id: 'a'.repeat(129) }, 'invalid_id'],
    ['a sample that is a number', 42, 'invalid_value'],
  ])('rejects %s as a sample but keeps the good sample beside it', (_title, sample, reason) => {
    expect(parseBeacon(beacon([sample, good]))).toEqual({
      ok: true,
      page: 'https://shop.example/products/42',
      samples: [good],
      rejected: [reason],
    });
  });

  it('accepts every web vital and the page load time', () => {
    const names = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB', 'PageLoad'];
    const result = parseBeacon(beacon(names.map((name, i) => ({ name, value: i, id: `id-${i}` }))));
    expect(result.ok && result.samples.map((s) => s.name)).toEqual(names);
  });

  it('accepts every time at exactly two minutes, the documented limit', () => {
    const names = ['LCP', 'INP', 'FCP', 'TTFB', 'PageLoad'];
    const result = parseBeacon(beacon(names.map((name, i) => ({ name, value: 120_000, id: `max-${i}` }))));
    expect(result).toEqual({
      ok: true,
      page: 'https://shop.example/products/42',
      samples: names.map((name, i) => ({ name, value: 120_000, id: `max-${i}` })),
      rejected: [],
    });
  });

  it('accepts 16 levels of nesting, and brackets inside strings do not count', () => {
    const extra = `${'['.repeat(13)}"[[[{{{\\"[["${']'.repeat(13)}`;
    const result = parseBeacon(`{"page":"/[[[","metrics":[{"name":"LCP","value":1,"id":"a","x":${extra}}]}`);
    expect(result).toEqual({
      ok: true,
      page: '/[[[',
      samples: [{ name: 'LCP', value: 1, id: 'a' }],
      rejected: [],
    });
  });

  it('ignores __proto__ keys instead of being polluted by them', () => {
    const result = parseBeacon(
      '{"page":"/","metrics":[{"name":"LCP","value":1,"id":"x","__proto__":{"polluted":true}}]}',
    );
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
