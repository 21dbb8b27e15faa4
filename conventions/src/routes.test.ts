import {
  CLIENT_CLOSED_STATUS,
  ROUTE_TEMPLATE_PATTERN,
  SERVER_ERROR_STATUS_REGEX,
  UNMATCHED_ROUTE,
} from './routes';

/** How Prometheus applies an `=~` matcher: the regex must match the whole label value. */
const promMatches = (regex: string, value: string) => new RegExp(`^(?:${regex})$`).test(value);

describe('route and status conventions', () => {
  it.each([
    ['an internal server error', '500', true],
    ['a gateway timeout', '504', true],
    ['a client abort', CLIENT_CLOSED_STATUS, false],
    ['a not-found', '404', false],
    ['a success', '200', false],
  ])('counts %s (%s) as a server error: %s', (_title, status, isServerError) => {
    expect(promMatches(SERVER_ERROR_STATUS_REGEX, status)).toBe(isServerError);
  });

  it.each([
    ['an Express parameter', '/orders/:id', true],
    ['a wildcard', '/files/*', true],
    ['the unmatched label', UNMATCHED_ROUTE, true],
    ['a full URL', 'https://shop.example/orders/1', false],
    ['a query string', '/orders?id=1', false],
  ])('accepts %s as a route template: %s', (_title, route, accepted) => {
    expect(ROUTE_TEMPLATE_PATTERN.test(route)).toBe(accepted);
  });
});
