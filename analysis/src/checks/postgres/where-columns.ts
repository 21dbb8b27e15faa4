/**
 * The columns a statement looks a table up by, read from its normalized text (pg_stat_statements' form, as
 * the exporter exports it: constants are `$n`). Only the one shape that names an index without doubt is
 * read: a single table (no join, no comma, no subquery before WHERE) filtered by equalities with parameters
 * joined by AND, like `FROM bookings WHERE guest_id = $1 ORDER BY starts_on`. Anything else (OR, ranges,
 * functions, joins) gives undefined: perflens advisor, which plans with hypopg, is the tool for those. This is
 * a small hand-written reader rather than a SQL parser because the engine runs in the browser too, where
 * libpg-query (the advisor's parser) cannot.
 */
export interface WhereColumns {
  columns: string[];
  /** The WHERE clause as the statement writes it, to show the reader where the columns come from. */
  predicate: string;
}

const IDENTIFIER = '"?([A-Za-z_][A-Za-z0-9_$]*)"?';
const SINGLE_TABLE_WHERE = new RegExp(
  `\\bFROM\\s+(?:${IDENTIFIER}\\.)?${IDENTIFIER}(?:\\s+(?:AS\\s+)?${IDENTIFIER})?\\s+WHERE\\s+(.+?)` +
    '(?:\\s+(?:ORDER\\s+BY|GROUP\\s+BY|LIMIT|OFFSET|FOR\\s+UPDATE|FOR\\s+SHARE|FOR\\s+NO\\s+KEY|RETURNING)\\b|\\s*;|\\s*\\)|$)',
  'gis',
);
const EQUALITY = new RegExp(`^(?:${IDENTIFIER}\\.)?${IDENTIFIER}\\s*=\\s*\\$\\d+$`, 'i');
const RESERVED_ALIASES = new Set([
  'where',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'on',
]);

export function whereColumns(sql: string, schema: string, table: string): WhereColumns | undefined {
  for (const match of sql.matchAll(SINGLE_TABLE_WHERE)) {
    const [, fromSchema, fromTable, alias, predicate] = match;
    if (fromTable?.toLowerCase() !== table.toLowerCase()) continue;
    if (fromSchema !== undefined && fromSchema.toLowerCase() !== schema.toLowerCase()) continue;
    if (alias !== undefined && RESERVED_ALIASES.has(alias.toLowerCase())) continue;
    const columns: string[] = [];
    for (const conjunct of (predicate ?? '').trim().split(/\s+AND\s+/i)) {
      const equality = EQUALITY.exec(conjunct.trim());
      if (!equality) return undefined;
      const [, qualifier, column] = equality;
      if (
        qualifier !== undefined &&
        ![table, alias].some((name) => name?.toLowerCase() === qualifier.toLowerCase())
      )
        return undefined;
      if (column && !columns.includes(column)) columns.push(column);
    }
    return columns.length > 0 ? { columns, predicate: (predicate ?? '').trim() } : undefined;
  }
  return undefined;
}
