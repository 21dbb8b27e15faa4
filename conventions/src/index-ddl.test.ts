import {
  createIndexConcurrentlySql,
  dropIndexConcurrentlySql,
  hypotheticalIndexSql,
  indexName,
  qualifiedName,
  quoteIdent,
} from './index-ddl';

describe('quoteIdent', () => {
  it.each([
    ['a lower-case name stays bare', 'customer_id', 'customer_id'],
    ['a name with $ and digits stays bare', 'col$2', 'col$2'],
    ['upper case is quoted, or PostgreSQL would fold it', 'CustomerId', '"CustomerId"'],
    ['a reserved word is quoted', 'order', '"order"'],
    ['a non-reserved key word stays bare', 'name', 'name'],
    ['a leading digit is quoted', '2fa', '"2fa"'],
    ['a space is quoted', 'unit price', '"unit price"'],
    ['a double quote is doubled inside the quotes', 'a"b', '"a""b"'],
    ['a placeholder for a person to fill in is quoted like any name', '<column>', '"<column>"'],
  ])('%s', (_title, name, expected) => {
    expect(quoteIdent(name)).toBe(expected);
  });
});

describe('qualifiedName', () => {
  it.each([
    ['plain parts', 'public', 'orders', 'public.orders'],
    ['each part quoted on its own', 'Sales', 'order', '"Sales"."order"'],
  ])('%s', (_title, schema, name, expected) => {
    expect(qualifiedName(schema, name)).toBe(expected);
  });
});

describe('indexName', () => {
  it.each([
    ['table, columns and _idx', 'orders', ['customer_id'], 'orders_customer_id_idx'],
    ['two columns in order', 'orders', ['customer_id', 'created_at'], 'orders_customer_id_created_at_idx'],
    [
      'folded to lower case, other characters as _',
      'Order Lines',
      ['Product-Id'],
      'order_lines_product_id_idx',
    ],
    [
      'cut to 63 bytes with a hash of the full name',
      'a_table_with_a_rather_long_descriptive_name',
      ['and_a_long_column_name'],
      'a_table_with_a_rather_long_descriptive_name_and_a_long_5caf4b3a',
    ],
  ])('%s', (_title, table, columns, expected) => {
    expect(indexName(table, columns)).toBe(expected);
    expect(indexName(table, columns).length).toBeLessThanOrEqual(63);
  });
});

describe('index DDL', () => {
  it.each([
    [
      'creates concurrently under the default name',
      createIndexConcurrentlySql({ schema: 'public', table: 'orders', columns: ['customer_id'] }),
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id)',
    ],
    [
      'creates concurrently under a given name, quoting what needs it',
      createIndexConcurrentlySql({
        schema: 'Sales',
        table: 'order',
        columns: ['CustomerId', 'created_at'],
        name: 'order_by_customer',
      }),
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS order_by_customer ON "Sales"."order" ("CustomerId", created_at)',
    ],
    [
      'drops concurrently, schema-qualified',
      dropIndexConcurrentlySql('public', 'orders_customer_id_idx'),
      'DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx',
    ],
    [
      'writes the unnamed statement hypopg plans with',
      hypotheticalIndexSql({ schema: 'public', table: 'orders', columns: ['customer_id', 'status'] }),
      'CREATE INDEX ON public.orders (customer_id, status)',
    ],
    [
      'writes an expression key as is, then INCLUDE and a partial WHERE',
      hypotheticalIndexSql({
        schema: 'public',
        table: 'users',
        columns: ['(lower(email))', 'order'],
        include: ['id'],
        where: 'deleted_at IS NULL',
      }),
      'CREATE INDEX ON public.users ((lower(email)), "order") INCLUDE (id) WHERE deleted_at IS NULL',
    ],
  ])('%s', (_title, sql, expected) => {
    expect(sql).toBe(expected);
  });
});
