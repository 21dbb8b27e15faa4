// How Perflens spells PostgreSQL identifiers and index DDL: the advisor applies and rolls back what it
// writes here, and the analysis engine recommends the same statements, so a user sees one spelling of
// one index wherever it is proposed. Pure string building: no driver, no Node APIs.

// Reserved key words that cannot be column or table names unquoted (PostgreSQL docs, Appendix C).
const RESERVED_WORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable ' +
    'desc distinct do else end except false fetch for foreign from grant group having in initially intersect ' +
    'into lateral leading limit localtime localtimestamp not null offset on only or order placing primary ' +
    'references returning select session_user some symmetric system_user table then to trailing true union ' +
    'unique user using variadic when where window with'
  ).split(' '),
);

/** PostgreSQL's identifier limit: NAMEDATALEN − 1 bytes (docs 4.1.1). */
const MAX_IDENTIFIER_LENGTH = 63;

/** Double-quotes an identifier when PostgreSQL would otherwise fold or reject it (docs 4.1.1). */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED_WORDS.has(name)
    ? name
    : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` with each part quoted as needed. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * `<table>_<columns>_idx`, PostgreSQL's own naming pattern, folded to lower case and within the 63-byte
 * identifier limit (a hash of the full name replaces the tail of a longer one, so names stay distinct).
 */
export function indexName(table: string, columns: readonly string[]): string {
  const name = `${table}_${columns.join('_')}_idx`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return name.length <= MAX_IDENTIFIER_LENGTH ? name : `${name.slice(0, 54)}_${nameHash(name)}`;
}

/** A b-tree index on `columns` of `schema.table`. */
export interface IndexDefinition {
  schema: string;
  table: string;
  /** Key columns in order; an entry in parentheses, `(lower(email))`, is an expression key written as is. */
  columns: readonly string[];
  /** Non-key columns stored in the index so that a query reading only them needs no heap (INCLUDE). */
  include?: readonly string[];
  /** A partial index's predicate, as SQL, written as is (WHERE). */
  where?: string;
  /** Defaults to {@link indexName}. */
  name?: string;
}

/**
 * The statement that creates the index without blocking writes, and does nothing when it exists
 * (CREATE INDEX docs, "Building Indexes Concurrently"). It cannot run inside a transaction block.
 */
export function createIndexConcurrentlySql(index: IndexDefinition): string {
  const name = index.name ?? indexName(index.table, index.columns);
  return `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${qualifiedName(index.schema, index.table)} (${columnList(index.columns)})${indexTail(index)}`;
}

/** The statement that drops index `schema.name` without blocking reads or writes: the rollback of the one above. */
export function dropIndexConcurrentlySql(schema: string, name: string): string {
  return `DROP INDEX CONCURRENTLY IF EXISTS ${qualifiedName(schema, name)}`;
}

/**
 * The unnamed CREATE INDEX that hypopg_create_index() takes to plan with a hypothetical index (hypopg
 * docs): no CONCURRENTLY, since nothing is built.
 */
export function hypotheticalIndexSql(index: Omit<IndexDefinition, 'name'>): string {
  return `CREATE INDEX ON ${qualifiedName(index.schema, index.table)} (${columnList(index.columns)})${indexTail(index)}`;
}

function columnList(columns: readonly string[]): string {
  return columns.map((c) => (c.startsWith('(') ? c : quoteIdent(c))).join(', ');
}

/** INCLUDE and WHERE, in the order CREATE INDEX takes them. */
function indexTail(index: Pick<IndexDefinition, 'include' | 'where'>): string {
  const include = index.include?.length ? ` INCLUDE (${columnList(index.include)})` : '';
  return `${include}${index.where ? ` WHERE ${index.where}` : ''}`;
}

/** A short, stable hash (31-based, as Java's String.hashCode) to keep truncated names distinct. */
function nameHash(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(8, '0');
}
