import { boundedStatementText, statementName } from './statement-sql';

describe('boundedStatementText', () => {
  it.each([
    [
      'keeps $n placeholders as they are',
      'SELECT sum(total) FROM orders WHERE customer_id = $1 AND status = $2',
      'SELECT sum(total) FROM orders WHERE customer_id = $1 AND status = $2',
    ],
    [
      'puts the text on one line',
      'SELECT id\n  FROM rooms\n\tWHERE id = $1',
      'SELECT id FROM rooms WHERE id = $1',
    ],
    [
      'masks a quoted literal a producer left in',
      "SELECT id FROM guests WHERE email = 'ann@example.com' AND note = 'it''s'",
      "SELECT id FROM guests WHERE email = '?' AND note = '?'",
    ],
    [
      'cuts its middle to stay within 200 characters',
      `SELECT ${'x, '.repeat(100)}y FROM t`,
      `SELECT ${'x, '.repeat(23)}x, … ${'x, '.repeat(36)}y FROM t`,
    ],
  ])('%s', (_title, text, expected) => {
    const bounded = boundedStatementText(text);
    expect(bounded).toBe(expected);
    expect([...bounded].length).toBeLessThanOrEqual(200);
  });

  it('names a statement by queryid, with its text when known (titles cut to 100 characters)', () => {
    expect(statementName({ queryid: '42' })).toBe('Statement 42');
    expect(statementName({ queryid: '42', query: 'SELECT 1 FROM t WHERE id = $1' })).toBe(
      'Statement 42 (SELECT 1 FROM t WHERE id = $1)',
    );
    const report = `SELECT ${'a, '.repeat(60)}b FROM bookings LIMIT (SELECT $1 FROM pg_sleep($2))`;
    expect(statementName({ queryid: '7', query: report })).toMatch(
      /^Statement 7 \(SELECT a, a, .* … .*b FROM bookings LIMIT \(SELECT \$1 FROM pg_sleep\(\$2\)\)\)$/,
    );
  });
});
