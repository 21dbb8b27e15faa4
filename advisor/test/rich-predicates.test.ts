import type { TableInfo } from '../src/health/table-catalog';
import { richPredicates } from '../src/indexes/rich-predicates';

function table(oid: number, name: string, columns: Record<string, string>): TableInfo {
  return {
    oid,
    schema: 'public',
    name,
    rows: 1000,
    sizeBytes: 8192,
    columns: new Map(Object.entries(columns).map(([column, type]) => [column, { name: column, type }])),
    indexes: [],
    writesSinceStatsReset: 0,
  };
}

const users = table(1, 'users', {
  id: 'integer',
  email: 'text',
  deleted_at: 'timestamptz',
  active: 'boolean',
});
const tables = new Map([['"users"', users]]);

describe('richPredicates', () => {
  it('reads an expression key, parameter-free conditions and the columns read', async () => {
    const rich = await richPredicates(
      'SELECT id FROM users u WHERE lower(u.email) = $1 AND deleted_at IS NULL AND NOT active',
      tables,
    );
    expect(rich.expressions.get(1)).toEqual(['(lower(email))']);
    expect(rich.conditions.get(1)).toEqual([
      { column: 'deleted_at', sql: 'deleted_at IS NULL' },
      { column: 'active', sql: 'NOT active' },
    ]);
    expect([...rich.reads.get(1)!].sort()).toEqual(['active', 'deleted_at', 'email', 'id']);
    expect([...rich.readsBesideConditions.get(1)!].sort()).toEqual(['email', 'id']);
  });

  it('keeps a condition column the statement also selects among the reads a partial index must cover', async () => {
    const rich = await richPredicates(
      'SELECT id, deleted_at FROM users WHERE email = $1 AND deleted_at IS NULL',
      tables,
    );
    expect([...rich.readsBesideConditions.get(1)!].sort()).toEqual(['deleted_at', 'email', 'id']);
  });

  it('gives no reads for SELECT * and no expression for a function it cannot index', async () => {
    const rich = await richPredicates('SELECT * FROM users WHERE md5(email) = $1', tables);
    expect(rich.reads.size).toBe(0);
    expect(rich.expressions.size).toBe(0);
  });

  it('takes no partial-index condition from a parameter or a non-boolean column', async () => {
    const rich = await richPredicates('DELETE FROM users WHERE email = $1 AND id > $2', tables);
    expect(rich.conditions.size).toBe(0);
    expect(rich.reads.size).toBe(0);
  });
});
