import { quoteIdentifier, withDatabase } from './create-database';

describe('database naming helpers', () => {
  it.each([
    ['a plain name', 'orders', 'postgres://postgres@127.0.0.1:5433/orders'],
    ['a name that needs encoding', 'a b/c', 'postgres://postgres@127.0.0.1:5433/a%20b%2Fc'],
  ])('withDatabase points the URL at %s', (_title, name, expected) => {
    expect(withDatabase('postgres://postgres@127.0.0.1:5433/postgres', name)).toBe(expected);
  });

  it.each([
    ['a plain name', 'orders', '"orders"'],
    ['a name with a quote', 'say "hi"', '"say ""hi"""'],
  ])('quoteIdentifier quotes %s', (_title, name, expected) => {
    expect(quoteIdentifier(name)).toBe(expected);
  });
});
