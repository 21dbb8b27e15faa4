import type { ClientBase } from 'pg';
import type { TableName } from '../statements/statement-shape';

/** An existing index, with the columns in key order (undefined for an expression key). */
export interface IndexInfo {
  name: string;
  method: string;
  columns: (string | undefined)[];
  unique: boolean;
  primary: boolean;
  valid: boolean;
  partial: boolean;
}

export interface ColumnInfo {
  name: string;
  type: string;
  /** pg_stats.avg_width in bytes; undefined before ANALYZE. */
  avgWidth?: number;
  nullFrac?: number;
  /** pg_stats.n_distinct: positive is a count, negative a fraction of the rows (PostgreSQL docs 54.27). */
  nDistinct?: number;
}

/** What the candidate and write-overhead logic needs to know about one user table. */
export interface TableInfo {
  oid: number;
  schema: string;
  name: string;
  rows: number;
  sizeBytes: number;
  columns: Map<string, ColumnInfo>;
  indexes: IndexInfo[];
  writesSinceStatsReset: number;
}

/**
 * Resolves the tables a statement names the way the server would (to_regclass follows the session's
 * search_path) and loads their columns, statistics and indexes in two queries for the whole batch.
 * Catalog tables and the advisor's own schema are left out: they are never index candidates.
 */
export async function loadTables(
  client: ClientBase,
  names: readonly TableName[],
): Promise<Map<string, TableInfo>> {
  const keys = [...new Set(names.map(tableKey))];
  const tables = new Map<string, TableInfo>();
  if (keys.length === 0) return tables;
  const resolved = await client.query<{
    key: string;
    oid: number;
    schema: string;
    name: string;
    rows: number;
    size: string;
    writes: number;
  }>(
    `SELECT k.key, c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name,
       greatest(c.reltuples, 0)::float8 AS rows, pg_table_size(c.oid)::text AS size,
       coalesce(s.n_tup_ins + s.n_tup_upd + s.n_tup_del, 0)::float8 AS writes
     FROM unnest($1::text[]) AS k(key)
     JOIN pg_class c ON c.oid = to_regclass(k.key)
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
     WHERE c.relkind IN ('r', 'p', 'm')
       AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'perflens_advisor')`,
    [keys],
  );
  const byOid = new Map<number, TableInfo>();
  for (const row of resolved.rows) {
    const oid = Number(row.oid);
    const info = byOid.get(oid) ?? {
      oid,
      schema: row.schema,
      name: row.name,
      rows: row.rows,
      sizeBytes: Number(row.size),
      columns: new Map(),
      indexes: [],
      writesSinceStatsReset: row.writes,
    };
    byOid.set(oid, info);
    tables.set(row.key, info);
  }
  if (byOid.size === 0) return tables;
  const oids = [...byOid.keys()];
  const columns = await client.query<{
    oid: number;
    name: string;
    type: string;
    avg_width: number | null;
    null_frac: number | null;
    n_distinct: number | null;
  }>(
    `SELECT a.attrelid::int8 AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       s.avg_width, s.null_frac::float8 AS null_frac, s.n_distinct::float8 AS n_distinct
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
       AND NOT s.inherited
     WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`,
    [oids],
  );
  for (const row of columns.rows) {
    byOid.get(Number(row.oid))?.columns.set(row.name, {
      name: row.name,
      type: row.type,
      avgWidth: row.avg_width ?? undefined,
      nullFrac: row.null_frac ?? undefined,
      nDistinct: row.n_distinct ?? undefined,
    });
  }
  for (const index of await loadIndexes(client, oids)) byOid.get(index.tableOid)?.indexes.push(index);
  return tables;
}

/** Every index of the given tables (all tables when `oids` is undefined), with key columns by name. */
export async function loadIndexes(
  client: ClientBase,
  oids?: readonly number[],
): Promise<
  (IndexInfo & { tableOid: number; schema: string; table: string; sizeBytes: number; definition: string })[]
> {
  const result = await client.query<{
    table_oid: number;
    schema: string;
    table: string;
    name: string;
    method: string;
    columns: (string | null)[];
    unique: boolean;
    primary: boolean;
    valid: boolean;
    partial: boolean;
    size: string;
    definition: string;
  }>(
    `SELECT i.indrelid::int8 AS table_oid, n.nspname AS schema, t.relname AS table, c.relname AS name,
       am.amname AS method, i.indisunique AS unique, i.indisprimary AS primary, i.indisvalid AS valid,
       i.indpred IS NOT NULL AS partial, pg_relation_size(c.oid)::text AS size,
       pg_get_indexdef(c.oid) AS definition,
       ARRAY(SELECT a.attname FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
             ORDER BY k.ord)::text[] AS columns
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_class t ON t.oid = i.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_am am ON am.oid = c.relam
     WHERE ($1::oid[] IS NULL OR i.indrelid = ANY($1::oid[]))
       AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'perflens_advisor')`,
    [oids ?? null],
  );
  return result.rows.map((row) => ({
    tableOid: Number(row.table_oid),
    schema: row.schema,
    table: row.table,
    name: row.name,
    method: row.method,
    columns: row.columns.map((c) => c ?? undefined),
    unique: row.unique,
    primary: row.primary,
    valid: row.valid,
    partial: row.partial,
    sizeBytes: Number(row.size),
    definition: row.definition,
  }));
}

/** The lookup key of a table name as written in a statement (to_regclass input). */
export function tableKey(table: TableName): string {
  const quote = (part: string) => `"${part.replace(/"/g, '""')}"`;
  return table.schema ? `${quote(table.schema)}.${quote(table.name)}` : quote(table.name);
}

/**
 * True when a valid, non-partial btree index already starts with `columns` (PgHero's index_covers?,
 * Dexter's covered-index check): the new index would add nothing the planner cannot get already.
 */
export function isCoveredByExisting(table: TableInfo, columns: readonly string[]): boolean {
  return table.indexes.some(
    (index) =>
      index.valid &&
      !index.partial &&
      index.method === 'btree' &&
      columns.every((column, position) => index.columns[position] === column),
  );
}
