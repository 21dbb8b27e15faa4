import { safeStatementText } from './statement-text';

describe('safeStatementText', () => {
  it.each([
    ['SELECT name FROM customers WHERE id = $1', 'SELECT name FROM customers WHERE id = $1'],
    ['  select *\n\tFROM  t\nWHERE a = $1  ', 'select * FROM t WHERE a = $1'],
    [
      'WITH x AS (SELECT $1) INSERT INTO t SELECT * FROM x',
      'WITH x AS (SELECT $1) INSERT INTO t SELECT * FROM x',
    ],
    ['/* route=/orders */ UPDATE t SET a = $1 -- note\n WHERE id = $2', 'UPDATE t SET a = $1 WHERE id = $2'],
    ['/* a /* nested */ comment */ DELETE FROM t', 'DELETE FROM t'],
    ["/*route='%2Forders'*/ SELECT $1", 'SELECT $1'],
    ['SELECT "odd--name" FROM "t"', 'SELECT "odd--name" FROM "t"'],
    [
      'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE',
      'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE',
    ],
  ])('keeps normalized DML: %j', (raw, expected) => {
    expect(safeStatementText(raw)).toBe(expected);
  });

  it.each([
    ["CREATE ROLE app LOGIN PASSWORD 'hunter2'"],
    ["ALTER ROLE app PASSWORD 'hunter2'"],
    ["SET app.token = 'secret'"],
    ['BEGIN'],
    ['COPY t FROM STDIN'],
    ["EXPLAIN SELECT * FROM t WHERE a = 'x'"],
    ["SELECT 'secret' INTO leaked"],
    ['SELECT 4111111111111111 INTO leaked'],
    ["SELECT * FROM t WHERE a = 'not normalized'"],
    ["SELECT * FROM t WHERE a = E'x'"],
    ['SELECT $$dollar quoted$$'],
    ['SELECT $tag$dollar quoted$tag$'],
    ['SELECT "unterminated'],
    [''],
  ])('drops what could hold a literal value or is not DML: %j', (raw) => {
    expect(safeStatementText(raw)).toBeUndefined();
  });

  it('cuts the middle of a long statement, keeping its start and its FROM and WHERE', () => {
    const text = safeStatementText(`SELECT ${'a, '.repeat(200)}b FROM t WHERE id = $1`, 50)!;
    expect([...text].length).toBeLessThanOrEqual(50);
    expect(text).toMatch(/^SELECT a, a, .* … .*b FROM t WHERE id = \$1$/);
  });
});
