import { compilePattern, PageMatcher } from './page-matcher';

const matcher = new PageMatcher([
  { pattern: '/' },
  { pattern: '/products/:id' },
  { pattern: '/checkout' },
  { name: 'docs', pattern: '/docs/*' },
]);

describe('PageMatcher', () => {
  it.each([
    ['the home page', 'https://shop.example/', '/'],
    [
      'a product page with its id replaced by the template',
      'https://shop.example/products/42',
      '/products/:id',
    ],
    ['a page with a query string and fragment', 'https://shop.example/checkout?coupon=X#pay', '/checkout'],
    ['a trailing slash', 'https://shop.example/checkout/', '/checkout'],
    ['a path without a host', '/products/abc', '/products/:id'],
    ['anything under a wildcard, by its name', 'https://shop.example/docs/a/b/c', 'docs'],
    ['the wildcard root itself', 'https://shop.example/docs', 'docs'],
    ['a deeper path than the template', 'https://shop.example/products/42/reviews', 'other'],
    ['an unknown page', 'https://shop.example/admin', 'other'],
    ['garbage', 'http://[::1', 'other'],
  ])('maps %s', (_title, url, expected) => {
    expect(matcher.match(url)).toBe(expected);
  });

  it.each([
    ['a pattern without a leading slash', 'products', 'page pattern "products" must start with "/"'],
    ['a wildcard in the middle', '/a/*/b', 'page pattern "/a/*/b" may use "*" only as its last segment'],
    ['an empty segment', '/a//b', 'page pattern "/a//b" has an empty segment'],
  ])('refuses %s', (_title, pattern, message) => {
    expect(() => compilePattern(pattern)).toThrow(message);
  });
});
