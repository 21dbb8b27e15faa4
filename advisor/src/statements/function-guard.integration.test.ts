import { useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { unsafeToPlan } from './function-guard';

describe('unsafeToPlan: every way a statement can make the planner run user code', () => {
  const database = useSharedPostgres();
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: database().connectionString });
    await client.connect();
    await client.query(`
      CREATE SCHEMA app;
      CREATE FUNCTION app.f(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
      CREATE FUNCTION "Quoted"(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
      CREATE FUNCTION lower(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
      CREATE TABLE plain (a int, b int, m text);
      CREATE INDEX plain_b ON plain (b);
      CREATE VIEW plain_view AS SELECT a, b FROM plain;
      CREATE VIEW evil_view AS SELECT a, app.f(1) AS z FROM plain;
      CREATE TABLE partial (a int); CREATE INDEX partial_p ON partial (a) WHERE a > app.f(1);
      CREATE TABLE expr (a int); CREATE INDEX expr_e ON expr (app.f(a));
      CREATE TABLE checked (a int CHECK (a > app.f(0)));
      CREATE TABLE policed (a int); ALTER TABLE policed ENABLE ROW LEVEL SECURITY;
      CREATE POLICY p ON policed USING (a > app.f(1));
      CREATE TABLE defaulted (a int, b int DEFAULT app.f(3));
      CREATE DOMAIN positive AS int CHECK (VALUE > app.f(0)); CREATE TABLE domained (a positive);
      CREATE TABLE parent (a int); CREATE TABLE child (a int CHECK (a > app.f(5))) INHERITS (parent);
      CREATE FUNCTION app.eq(int, int) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
      CREATE OPERATOR app.=== (leftarg = int, rightarg = int, function = app.eq);
      CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE moods (m mood);
      CREATE TABLE referenced (a int PRIMARY KEY); CREATE TABLE referencing (a int REFERENCES referenced);`);
  }, 60_000);
  afterAll(() => client.end());

  it.each([
    ['a plain table', 'SELECT a FROM plain WHERE b = $1 ORDER BY a'],
    [
      'built-in functions and operators',
      'SELECT count(*), upper(m) FROM plain WHERE m LIKE $1 AND b BETWEEN $2 AND $3',
    ],
    ['a view of plain columns', 'SELECT a FROM plain_view WHERE b = $1'],
    ['an enum column', 'SELECT m FROM moods WHERE m = $1'],
    ['a table with a foreign key to another', 'SELECT a FROM referencing WHERE a = $1'],
    ['extract, a built-in with SQL syntax', 'SELECT extract(year FROM now()) FROM plain'],
  ])('allows %s', async (_title, sql) => {
    expect(await unsafeToPlan(client, sql)).toBeUndefined();
  });

  it.each([
    [
      'a schema-qualified call',
      'SELECT app.f(a) FROM plain',
      'it calls app.f, a function outside pg_catalog',
    ],
    [
      'a quoted name',
      'SELECT "Quoted"(a) FROM plain',
      'planning it can run public."Quoted"(integer), a function outside pg_catalog',
    ],
    [
      'a built-in name shadowed in another schema',
      'SELECT lower(a) FROM plain',
      'planning it can run public.lower(integer), a function outside pg_catalog',
    ],
    [
      'an unknown function',
      'SELECT nowhere(a) FROM plain',
      'it calls nowhere, which is not a function of this database (cannot tell what it runs)',
    ],
    [
      'attribute notation',
      'SELECT p.f FROM plain p',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'a view calling one',
      'SELECT a FROM evil_view WHERE a = $1',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'a partial index predicate',
      'SELECT a FROM partial WHERE a = $1',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'an expression index',
      'SELECT a FROM expr WHERE a = $1',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'a CHECK constraint',
      'SELECT a FROM checked WHERE a = $1',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'a row-level security policy',
      'SELECT a FROM policed',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'a domain constraint',
      'SELECT a FROM domained',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'an inheritance child',
      'SELECT a FROM parent WHERE a = $1',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'a user operator',
      'SELECT a FROM plain WHERE a OPERATOR(app.===) $1',
      'planning it can run app.eq(integer, integer), a function outside pg_catalog',
    ],
    [
      'SET col = DEFAULT',
      'UPDATE defaulted SET b = DEFAULT WHERE a = $1',
      'planning it can run app.f(integer), a function outside pg_catalog',
    ],
    [
      'a STABLE built-in that runs SQL',
      "SELECT a FROM plain WHERE m = table_to_xml('evil_view', true, false, '')::text",
      'it calls table_to_xml, which runs SQL of its own',
    ],
    [
      'text that does not parse',
      'SELEC 1',
      'its text does not parse, so the functions it calls cannot be checked',
    ],
  ])('refuses %s', async (_title, sql, reason) => {
    expect(await unsafeToPlan(client, sql)).toBe(reason);
  });

  it('leaves column defaults alone outside SET col = DEFAULT', async () => {
    expect(await unsafeToPlan(client, 'SELECT a FROM defaulted WHERE a = $1')).toBeUndefined();
  });
});
