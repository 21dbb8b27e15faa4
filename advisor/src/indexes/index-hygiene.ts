import type { ClientBase } from 'pg';
import { dropIndexConcurrentlySql } from '@perflens/conventions';
import { recommendationId, type Recommendation } from '../report/recommendation';

/** An existing index as the hygiene checks see it. */
export interface IndexUsage {
  schema: string;
  table: string;
  name: string;
  method: string;
  /** pg_index.indkey as text ("2 3"): attribute numbers, 0 for an expression. */
  keys: string;
  expressions: string | null;
  predicate: string | null;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  scans: number;
  sizeBytes: number;
  definition: string;
}

/** Reads every index of the user schemas with its scan count (pg_stat_user_indexes) and size. */
export async function readIndexUsage(client: ClientBase): Promise<IndexUsage[]> {
  const result = await client.query<IndexUsage & { size_bytes: string }>(
    `SELECT n.nspname AS schema, t.relname AS table, c.relname AS name, am.amname AS method,
       i.indkey::text AS keys, pg_get_expr(i.indexprs, i.indrelid) AS expressions,
       pg_get_expr(i.indpred, i.indrelid) AS predicate, i.indisunique AS unique, i.indisprimary AS primary,
       i.indisvalid AS valid, coalesce(s.idx_scan, 0)::float8 AS scans,
       pg_relation_size(c.oid)::text AS size_bytes, pg_get_indexdef(c.oid) AS definition
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_class t ON t.oid = i.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_am am ON am.oid = c.relam
     LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'perflens_advisor')
     ORDER BY n.nspname, t.relname, c.relname`,
  );
  return result.rows.map(({ size_bytes, ...row }) => ({ ...row, sizeBytes: Number(size_bytes) }));
}

/**
 * Indexes another index makes redundant (PgHero's duplicate_indexes / index_covers?): same table, method,
 * expressions and predicate, and its key columns are a prefix of the other's. Unique and primary-key
 * indexes are kept (they enforce a constraint); of two identical indexes the later name is reported.
 */
export function duplicateIndexes(indexes: readonly IndexUsage[]): Recommendation[] {
  const found: Recommendation[] = [];
  for (const index of indexes) {
    if (index.unique || index.primary || !index.valid) continue;
    const keys = index.keys.split(' ');
    const cover = indexes.find(
      (other) =>
        other !== index &&
        other.valid &&
        other.schema === index.schema &&
        other.table === index.table &&
        other.method === index.method &&
        other.expressions === index.expressions &&
        other.predicate === index.predicate &&
        startsWith(other.keys.split(' '), keys) &&
        (other.keys !== index.keys || other.name < index.name),
    );
    if (!cover) continue;
    found.push({
      ...dropIndexAdvice('duplicate-index', index),
      severity: 'warning',
      title: `Index ${index.name} is covered by ${cover.name} (${formatBytes(index.sizeBytes)} to reclaim)`,
      evidence: [
        { label: 'covered by', value: cover.definition },
        { label: 'index size', value: index.sizeBytes, unit: 'bytes' },
        { label: 'index scans', value: index.scans },
      ],
      expectedEffect: `Frees ${formatBytes(index.sizeBytes)} and one index write per insert and non-HOT update; queries use ${cover.name} instead.`,
    });
  }
  return found;
}

/** Indexes never scanned since the statistics were reset (PgHero's unused_indexes: not unique, ≥ 10 MB). */
export function unusedIndexes(
  indexes: readonly IndexUsage[],
  minBytes: number,
  skip: ReadonlySet<string>,
): Recommendation[] {
  return indexes
    .filter((i) => i.valid && !i.unique && !i.primary && i.scans === 0 && i.sizeBytes >= minBytes)
    .filter((i) => !skip.has(`${i.schema}.${i.name}`))
    .map((index) => ({
      ...dropIndexAdvice('unused-index', index),
      severity: 'info' as const,
      title: `Index ${index.name} on ${index.table} has had 0 scans (${formatBytes(index.sizeBytes)})`,
      evidence: [
        { label: 'index scans since statistics reset', value: 0 },
        { label: 'index size', value: index.sizeBytes, unit: 'bytes', threshold: minBytes },
      ],
      expectedEffect: `Frees ${formatBytes(index.sizeBytes)} and speeds up writes. Check replicas and rare jobs (monthly reports) before dropping: statistics are per server and reset with pg_stat_reset().`,
    }));
}

/**
 * Invalid indexes: left behind by a failed CREATE INDEX CONCURRENTLY; the planner ignores them but every
 * write still updates them (PostgreSQL docs, CREATE INDEX, "Building Indexes Concurrently").
 */
export function invalidIndexes(indexes: readonly IndexUsage[]): Recommendation[] {
  return indexes
    .filter((i) => !i.valid)
    .map((index) => ({
      ...dropIndexAdvice('invalid-index', index),
      severity: 'warning' as const,
      title: `Index ${index.name} on ${index.table} is invalid: writes maintain it, queries cannot use it`,
      evidence: [{ label: 'index size', value: index.sizeBytes, unit: 'bytes' }],
      expectedEffect:
        'Removes the write cost of an index no query can use. Recreate it (the rollback SQL) once the cause of the failed build, such as duplicate keys, is fixed.',
    }));
}

function dropIndexAdvice(kind: 'duplicate-index' | 'unused-index' | 'invalid-index', index: IndexUsage) {
  return {
    id: recommendationId(kind, `${index.schema}.${index.name}`),
    kind,
    target: { schema: index.schema, table: index.table, index: index.name },
    verified: true,
    applySql: dropIndexConcurrentlySql(index.schema, index.name),
    rollbackSql: index.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY '),
  };
}

function startsWith(keys: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= keys.length && prefix.every((key, i) => keys[i] === key);
}

/** Bytes in binary units, as pg_size_pretty prints them. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 10 * 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Math.round(value)} ${units[unit]}`;
}
