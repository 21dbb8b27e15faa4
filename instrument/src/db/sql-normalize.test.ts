import { collapseStatement, normalizeSql, statementLabelText } from './sql-normalize';
import { describeStatement, StatementCache } from './statement-cache';

describe('normalizeSql (the cases PostgreSQL cannot check: see sql-normalize.integration.test.ts)', () => {
  it.each([
    [
      'identifiers with digits stay',
      'SELECT t1.c2 FROM t1 WHERE c3 = 4',
      'SELECT t1.c2 FROM t1 WHERE c3 = $1',
    ],
    ['quoted identifiers stay', 'SELECT "a 1", "x""y" FROM "t-2"', 'SELECT "a 1", "x""y" FROM "t-2"'],
    ['constants number after the highest parameter', 'SELECT $2, $1, 7', 'SELECT $2, $1, $3'],
    ['quotes inside comments are not strings', "SELECT 1 -- it's\n, 2", "SELECT $1 -- it's\n, $2"],
    ['nested block comments', 'SELECT /* a /* b */ 1 */ 2', 'SELECT /* a /* b */ 1 */ $1'],
    ['bit and hex strings', "SELECT B'101', X'ff', U&'d\\0061t'", 'SELECT $1, $2, $3'],
    [
      'a sign after an operator or keyword',
      'SELECT -1, x - 2 FROM t WHERE y = - 3',
      'SELECT $1, x - $2 FROM t WHERE y = $3',
    ],
    ['a tagged dollar quote', 'SELECT $tag$ it is $ $tag$', 'SELECT $1'],
    ['an unterminated string is cut, not kept', "SELECT 'secret", 'SELECT $1'],
  ])('%s', (_title, sql, normalized) => {
    expect(normalizeSql(sql)).toBe(normalized);
  });

  it('never leaves a literal value of a utility statement in the text', () => {
    expect(normalizeSql("ALTER ROLE app PASSWORD 'hunter2'")).toBe('ALTER ROLE app PASSWORD $1');
  });
});

describe('statement fingerprints and label texts', () => {
  it('is one statement whatever its comments and layout (sqlcommenter tags carry request data)', () => {
    const plain = describeStatement('SELECT id FROM orders WHERE id = $1');
    const tagged = describeStatement("SELECT id\n  FROM orders /*traceparent='00-abc'*/ WHERE id = 42");
    expect(tagged.fingerprint).toBe(plain.fingerprint);
    expect(tagged.labelText).toBe('SELECT id FROM orders WHERE id = $1');
    expect(plain.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(describeStatement('SELECT name FROM orders').fingerprint).not.toBe(plain.fingerprint);
  });

  it('cuts label texts to 200 characters in the middle, as the exporter does', () => {
    const long = collapseStatement(`SELECT ${'column_name, '.repeat(30)}id FROM t WHERE id = $1`);
    const label = statementLabelText(long);
    expect([...label].length).toBeLessThanOrEqual(200);
    expect(label).toMatch(/^SELECT column_name, .* … .*id FROM t WHERE id = \$1$/);
    expect(statementLabelText('SELECT 1')).toBe('SELECT 1');
  });
});

describe('StatementCache', () => {
  it('describes a text once and keeps recently used texts', () => {
    const cache = new StatementCache(4);
    const first = cache.of('SELECT 1');
    expect(cache.of('SELECT 1')).toBe(first);
    for (const n of [2, 3, 4, 5]) {
      cache.of(`SELECT ${n}`);
      cache.of('SELECT 1'); // used all along: promoted, never dropped
    }
    expect(cache.of('SELECT 1')).toBe(first);
  });

  it('stays bounded when every text is new (literals inlined)', () => {
    const cache = new StatementCache(100);
    for (let n = 0; n < 10_000; n++) cache.of(`SELECT ${n}`);
    expect(cache.size).toBeLessThanOrEqual(100);
  });
});
