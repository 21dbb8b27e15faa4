import { sharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { normalizeSql } from './sql-normalize';

/**
 * The normalized text must equal pg_stat_statements.query for the statements a service sends, so the
 * per-route statement series join the database's own statistics by text. Each statement runs alone on a
 * pg_stat_statements reset for this database, and its entries are read back.
 */
// Every row has its values (possibly none): a shorter row would hand jest's done callback to the test.
const MATCHING_CASES: Array<[string, string, unknown[]]> = [
  ['a parameterized statement', 'SELECT id, name FROM widgets WHERE id = $1', [1]],
  ['integers and strings', "SELECT id FROM widgets WHERE id = 7 AND name = 'w7'", []],
  ['decimals and exponents', 'SELECT id FROM widgets WHERE price > 1.5 AND price < 2e3', []],
  ['a negative number', 'SELECT id FROM widgets WHERE id > -3', []],
  [
    'booleans and NULL',
    'SELECT id FROM widgets WHERE active = true AND name IS NOT NULL AND created IS NULL AND active IS NOT TRUE',
    [],
  ],
  ['an IN list', 'SELECT id FROM widgets WHERE id IN (1, 2, 3)', []],
  ['casts', "SELECT '5'::int + id FROM widgets WHERE name = 'w1'::text", []],
  ['a typed literal', "SELECT id FROM widgets WHERE created > date '2020-01-01'", []],
  ['literals after parameters', 'SELECT id FROM widgets WHERE id = $1 AND price > 10 LIMIT 5', [1]],
  ['a comment and line breaks', "SELECT id /* list */ FROM widgets\n  WHERE name = 'it''s' -- tail", []],
  [
    'an E string and a dollar-quoted string',
    "SELECT id FROM widgets WHERE name = E'a\\'b' OR name = $$x$$",
    [],
  ],
  ['an INSERT', "INSERT INTO widgets (id, name, price, active) VALUES (100, 'new', 9.5, false)", []],
  ['an UPDATE with a trailing semicolon', "UPDATE widgets SET name = 'x' WHERE id = 101;", []],
  ['a NULL value', 'INSERT INTO widgets (id, name) VALUES (102, NULL)', []],
  ['a binary minus', 'SELECT id - 1 FROM widgets WHERE id-2 > 0', []],
];

/** Documented differences (instrument/README.md): the test fails when PostgreSQL starts to agree. */
const KNOWN_DIFFERENCES: Array<[string, string, string, string]> = [
  [
    'an ORDER BY position',
    'SELECT id FROM widgets ORDER BY 1',
    'SELECT id FROM widgets ORDER BY $1',
    'SELECT id FROM widgets ORDER BY 1',
  ],
  ['a type modifier', "SELECT 'a'::varchar(10)", 'SELECT $1::varchar($2)', 'SELECT $1::varchar(10)'],
  [
    'a utility statement',
    'SET statement_timeout = 5000',
    'SET statement_timeout = $1',
    'SET statement_timeout = 5000',
  ],
];

const RESET_OWN_DATABASE = `SELECT pg_stat_statements_reset(0,
  (SELECT oid FROM pg_database WHERE datname = current_database()), 0)`;

/**
 * pg_stat_statements' texts of `sql` run alone in this database. Retried when empty: another test file
 * sharing the cluster may reset every database's statistics between the run and the read.
 */
async function recordedTexts(client: Client, sql: string, values: unknown[] = []): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    await client.query(RESET_OWN_DATABASE);
    await client.query(sql, values);
    const { rows } = await client.query<{ query: string }>(
      `SELECT query FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query NOT LIKE '%pg_stat_statements%'`,
    );
    if (rows.length > 0 || attempt === 5) return rows.map((r) => r.query);
  }
}

describe('normalizeSql against pg_stat_statements (real PostgreSQL)', () => {
  let client: Client;

  beforeAll(async () => {
    const { connectionString } = await sharedPostgres();
    client = new Client({ connectionString });
    await client.connect();
    await client.query(
      'CREATE TABLE widgets (id int PRIMARY KEY, name text, price numeric, active boolean, created date)',
    );
  }, 60_000);

  afterAll(async () => {
    await client?.end();
  });

  it.each(MATCHING_CASES)('matches pg_stat_statements.query for %s', async (_title, sql, values) => {
    expect(await recordedTexts(client, sql, values)).toEqual([normalizeSql(sql)]);
  });

  it.each(KNOWN_DIFFERENCES)('differs on %s, as documented', async (_title, sql, ours, theirs) => {
    expect(normalizeSql(sql)).toBe(ours);
    expect(await recordedTexts(client, sql)).toEqual([theirs]);
  });
});
