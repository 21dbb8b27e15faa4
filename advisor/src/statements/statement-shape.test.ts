import { statementShape, UnsupportedStatementError } from './statement-shape';

/** "table.column:role" for every use, in order. */
async function uses(sql: string): Promise<string[]> {
  const shape = await statementShape(sql);
  return shape.uses.map(
    (u) =>
      `${u.tables.map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name)).join('|')}.${u.column}:${u.role}`,
  );
}

describe('statementShape', () => {
  it.each([
    ['an equality filter', 'SELECT * FROM orders WHERE customer_id = $1', ['orders.customer_id:equality']],
    [
      'a range and a sort',
      'SELECT id FROM orders WHERE created_at >= $1 ORDER BY created_at, id LIMIT $2',
      ['orders.created_at:range', 'orders.created_at:sort', 'orders.id:sort'],
    ],
    ['a constant on the left', 'SELECT 1 FROM orders WHERE $1 < total', ['orders.total:range']],
    [
      'IN, ANY, BETWEEN and IS NULL',
      'SELECT 1 FROM t WHERE a IN ($1, $2) AND b = ANY($3) AND c BETWEEN $4 AND $5 AND d IS NULL',
      ['t.a:equality', 't.b:equality', 't.c:range', 't.d:equality'],
    ],
    [
      'a join through aliases',
      'SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = $1',
      ['customers.id:join', 'orders.customer_id:join', 'orders.status:equality'],
    ],
    [
      'an unqualified column in a join, left to the catalog',
      'SELECT 1 FROM a, b WHERE x = $1',
      ['a|b.x:equality'],
    ],
    ['a schema-qualified table', 'SELECT 1 FROM shop.orders WHERE id = $1', ['shop.orders.id:equality']],
    [
      'OR, NOT, LIKE and functions are not index keys',
      'SELECT 1 FROM t WHERE (a = $1 OR b = $2) AND NOT c AND d LIKE $3 AND lower(e) = $4',
      [],
    ],
    [
      'a subquery in WHERE and a CTE',
      'WITH r AS (SELECT id FROM big WHERE k = $1) SELECT 1 FROM r WHERE id IN (SELECT id FROM other WHERE v > $2)',
      ['big.k:equality', 'other.v:range'],
    ],
    [
      'an UPDATE filter',
      'UPDATE orders SET status = $1 WHERE customer_id = $2',
      ['orders.customer_id:equality'],
    ],
    [
      'a DELETE USING join',
      'DELETE FROM orders o USING customers c WHERE c.id = o.customer_id AND c.name = $1',
      ['customers.id:join', 'orders.customer_id:join', 'customers.name:equality'],
    ],
  ])('reads %s', async (_title, sql, expected) => {
    expect(await uses(sql)).toEqual(expected);
  });

  it('counts parameters for EXECUTE', async () => {
    expect((await statementShape('SELECT 1 FROM t WHERE a = $1 LIMIT $3')).paramCount).toBe(3);
  });

  it.each([
    ['an INSERT', 'INSERT INTO t VALUES ($1)', 'InsertStmt is not a SELECT, UPDATE or DELETE'],
    ['a utility statement', 'EXPLAIN SELECT 1', 'ExplainStmt is not a SELECT, UPDATE or DELETE'],
    ['two statements', 'SELECT 1; SELECT 2', 'expected one statement, got 2'],
    ['SELECT INTO', 'SELECT * INTO t2 FROM t', 'SELECT INTO writes a table'],
    ['text that does not parse', 'SELEC 1', 'cannot parse: syntax error at or near "SELEC"'],
  ])('rejects %s', async (_title, sql, message) => {
    await expect(statementShape(sql)).rejects.toThrow(new UnsupportedStatementError(message));
  });
});
