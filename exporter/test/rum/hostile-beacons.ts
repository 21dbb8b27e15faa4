// Generates hostile and malformed /rum requests for the fuzz test and the benchmark's flood phase.
// Deterministic (seeded), so a failure can be replayed.

export interface HostileRequest {
  kind: string;
  headers: Record<string, string>;
  body: string | Buffer | (string | Buffer)[];
}

/** mulberry32: a tiny seeded PRNG, enough for test data (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB', 'PageLoad'];
const UAS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0',
  'Mozilla/5.0 (Linux; Android 13; SM-X700) Chrome/126.0',
  'curl/8.5.0',
  '',
  '\u00e9\u00ff<script>alert(1)</script>'.repeat(20),
];

/** Makes `count` requests, every kind of trouble in turn, with `distinctUrls` different page URLs in all. */
export function hostileRequests(count: number, seed = 1): HostileRequest[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const token = (length = 8) =>
    Array.from({ length }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)]).join('');
  let serial = 0;
  const url = () =>
    pick([
      () => `https://shop.example/products/${token()}`,
      () => `https://shop.example/${token()}/${token()}?utm=${token()}`,
      () => `/${token(3)}/${'x'.repeat(Math.floor(random() * 1500))}`,
      () => `javascript:alert(${serial})`,
      () => `https://shop.example/${encodeURIComponent('ünïcødé-' + token())}`,
      () => 'http://[::1',
    ])();
  const sample = () => {
    const name = pick(NAMES);
    return { name, value: random() * (name === 'CLS' ? 1 : 3000), id: `v5-${seed}-${++serial}` };
  };
  const json = (page: unknown, metrics: unknown) => JSON.stringify({ page, metrics });
  const kinds: (() => Omit<HostileRequest, 'headers'> & { headers?: Record<string, string> })[] = [
    () => ({ kind: 'valid', body: json(url(), [sample(), sample()]) }),
    () => ({
      kind: 'wrong types',
      body: json(pick([42, null, [], {}]), [
        { name: pick([1, null, {}, ['LCP']]), value: pick(['12', true, [], {}]), id: pick([5, null, {}]) },
      ]),
    }),
    () => ({
      kind: 'NaN and Infinity',
      body: pick([
        '{"page":"/","metrics":[{"name":"LCP","value":NaN,"id":"a"}]}',
        json('/', [{ name: 'CLS', value: 'Infinity', id: 'b' }]),
        json('/', [{ name: 'INP', value: '-Infinity', id: 'c' }]),
      ]),
    }),
    () => ({
      kind: 'huge values',
      body: json(url(), [
        { ...sample(), value: pick([1e308, -1e308, 1e21, Number.MAX_SAFE_INTEGER, -0.0001]) },
      ]),
    }),
    () => ({
      kind: 'unknown names',
      body: json(url(), [{ ...sample(), name: token(Math.floor(random() * 100) + 1) }]),
    }),
    () => ({ kind: 'oversized body', body: json('/', [sample()]) + ' '.repeat(70 * 1024) }),
    () => ({ kind: 'oversized chunked body', body: Array(20).fill('x'.repeat(4096)) }),
    () => ({
      kind: 'bad content type',
      headers: {
        'content-type': pick([
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'image/png',
          'text/html',
          '',
          ';;;',
          'text/plain; charset=klingon',
        ]),
      },
      body: json('/', [sample()]),
    }),
    () => ({
      kind: 'compressed',
      headers: { 'content-encoding': pick(['gzip', 'br', 'deflate', 'zstd', 'bogus']) },
      body: json('/', [sample()]),
    }),
    () => ({
      kind: 'random bytes',
      body: Buffer.from(
        Array.from({ length: Math.floor(random() * 2000) }, () => Math.floor(random() * 256)),
      ),
    }),
    () => ({ kind: 'deep nesting', body: '['.repeat(20000) + ']'.repeat(20000) }),
    () => ({
      kind: 'too many samples',
      body: json('/', Array.from({ length: 21 + Math.floor(random() * 500) }, sample)),
    }),
    () => ({
      kind: 'prototype keys',
      body: `{"page":"/","metrics":[{"name":"LCP","value":1,"id":"p${serial++}","__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}],"__proto__":{"polluted":1}}`,
    }),
    () => ({
      kind: 'duplicate ids',
      body: json('/checkout', [{ name: 'LCP', value: 1200, id: 'v5-replayed' }]),
    }),
    () => ({
      kind: 'foreign origin',
      headers: { origin: `https://${token()}.example` },
      body: json('/', [sample()]),
    }),
    () => ({
      kind: 'spoofed client addresses',
      headers: {
        'x-forwarded-for': `${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.0.${serial}, 10.0.0.1`,
      },
      body: json(url(), [sample()]),
    }),
    () => ({
      kind: 'long header values',
      headers: { 'user-agent': 'A'.repeat(8000) },
      body: json(url(), [sample()]),
    }),
  ];
  return Array.from({ length: count }, (_, i) => {
    const made = kinds[i % kinds.length]!();
    return {
      kind: made.kind,
      body: made.body,
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': pick(UAS), ...made.headers },
    };
  });
}
