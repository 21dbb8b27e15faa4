import {
  duplicateIndexes,
  formatBytes,
  invalidIndexes,
  unusedIndexes,
  type IndexUsage,
} from './index-hygiene';

function index(name: string, keys: string, extra: Partial<IndexUsage> = {}): IndexUsage {
  return {
    schema: 'public',
    table: 't',
    name,
    method: 'btree',
    keys,
    expressions: null,
    predicate: null,
    unique: false,
    primary: false,
    valid: true,
    scans: 0,
    sizeBytes: 20 * 1024 * 1024,
    definition: `CREATE INDEX ${name} ON public.t USING btree (x)`,
    ...extra,
  };
}

describe('duplicateIndexes', () => {
  it.each([
    ['a prefix of a longer index', [index('a', '1'), index('ab', '1 2')], ['a']],
    ['the later name of two identical indexes', [index('x1', '1'), index('x2', '1')], ['x2']],
    ['nothing when the columns differ in order', [index('ab', '1 2'), index('ba', '2 1')], []],
    ['nothing for a unique index', [index('a', '1', { unique: true }), index('ab', '1 2')], []],
    [
      'nothing when the predicates differ',
      [index('a', '1', { predicate: '(x > 0)' }), index('ab', '1 2')],
      [],
    ],
    ['nothing when the methods differ', [index('a', '1', { method: 'hash' }), index('ab', '1 2')], []],
    ['nothing when the cover is invalid', [index('a', '1'), index('ab', '1 2', { valid: false })], []],
  ])('reports %s', (_title, indexes, expected) => {
    expect(duplicateIndexes(indexes).map((r) => r.target.index)).toEqual(expected);
  });

  it('gives the drop and the re-create SQL', () => {
    const [advice] = duplicateIndexes([index('a', '1'), index('ab', '1 2')]);
    expect(advice).toMatchObject({
      applySql: 'DROP INDEX CONCURRENTLY IF EXISTS public.a',
      rollbackSql: 'CREATE INDEX CONCURRENTLY a ON public.t USING btree (x)',
      title: 'Index a is covered by ab (20 MB to reclaim)',
    });
  });
});

describe('unusedIndexes and invalidIndexes', () => {
  it.each([
    ['an unscanned index over the size bar', index('a', '1'), ['a']],
    ['not a scanned one', index('a', '1', { scans: 3 }), []],
    ['not a small one', index('a', '1', { sizeBytes: 8192 }), []],
    ['not a primary key', index('a', '1', { primary: true, unique: true }), []],
    ['not one reported as a duplicate', index('dup', '1'), []],
  ])('reports %s', (_title, candidate, expected) => {
    expect(
      unusedIndexes([candidate], 10 * 1024 * 1024, new Set(['public.dup'])).map((r) => r.target.index),
    ).toEqual(expected);
  });

  it('reports invalid indexes with the SQL to drop them', () => {
    expect(
      invalidIndexes([index('ok', '1'), index('bad', '2', { valid: false })]).map((r) => r.applySql),
    ).toEqual(['DROP INDEX CONCURRENTLY IF EXISTS public.bad']);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [10239, '10239 bytes'],
    [10240, '10 kB'],
    [1400832, '1368 kB'],
    [20 * 1024 * 1024, '20 MB'],
  ])('prints %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
