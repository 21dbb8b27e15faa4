import { summarizeSql } from './sql-summary';

describe('summarizeSql', () => {
  it.each([
    ['a plain select', 'SELECT * FROM orders WHERE id = $1', 'SELECT', 'orders'],
    ['a lower-case select with a schema', 'select id from public.customers', 'SELECT', 'public.customers'],
    ['a quoted identifier', 'SELECT 1 FROM "Order Items"', 'SELECT', 'Order Items'],
    ['a select without a table', 'SELECT 1', 'SELECT', ''],
    ['an insert', 'INSERT INTO order_items (a) VALUES ($1)', 'INSERT', 'order_items'],
    ['an update with ONLY', 'UPDATE ONLY products SET price = $1', 'UPDATE', 'products'],
    ['a delete', 'DELETE FROM sessions WHERE expires < now()', 'DELETE', 'sessions'],
    ['a CTE reads its first FROM', 'WITH t AS (SELECT * FROM orders) SELECT * FROM t', 'WITH', 'orders'],
    ['a leading line comment', '-- fetch\nSELECT * FROM a', 'SELECT', 'a'],
    ['a leading block comment and parenthesis', '/* app=web */ (SELECT * FROM b)', 'SELECT', 'b'],
    ['a transaction statement', 'BEGIN', 'BEGIN', ''],
    ['an unknown keyword', 'FOO BAR', 'OTHER', ''],
    ['an empty text', '', 'OTHER', ''],
    ['a truncate', 'TRUNCATE TABLE logs', 'TRUNCATE', 'logs'],
  ])('reads %s', (_title, text, operation, collection) => {
    expect(summarizeSql(text)).toEqual({ operation, collection });
  });
});
