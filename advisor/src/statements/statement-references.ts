import { loadModule, parseSync } from 'libpg-query';

/** A possibly schema-qualified name as written in the statement (quotes removed, case kept). */
export interface QualifiedName {
  schema?: string;
  name: string;
}

/**
 * Every name in a statement through which planning could reach code: called functions, names that may be
 * functions in attribute notation (`t.f` is `f(t)` when t has no column f), operators, types and
 * relations. Read from the real parse tree (libpg-query), so quoted, schema-qualified and
 * OPERATOR(schema.op) spellings are all seen; a regex over the text would miss some of them.
 */
export interface StatementReferences {
  functions: QualifiedName[];
  attributeNames: string[];
  operators: QualifiedName[];
  types: QualifiedName[];
  relations: QualifiedName[];
  /** `SET col = DEFAULT`: the column's default expression is planned too. */
  usesDefaults: boolean;
}

type Node = Record<string, unknown>;

let loading: Promise<void> | undefined;

/** Parses `sql` and collects its references; throws when it does not parse (the caller then refuses it). */
export async function statementReferences(sql: string): Promise<StatementReferences> {
  await (loading ??= loadModule());
  const tree = parseSync(sql) as unknown;
  const refs: StatementReferences = {
    functions: [],
    attributeNames: [],
    operators: [],
    types: [],
    relations: [],
    usesDefaults: false,
  };
  walk(tree, refs);
  return refs;
}

function walk(node: unknown, refs: StatementReferences): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, refs);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Node;
  if (record.FuncCall) refs.functions.push(qualified((record.FuncCall as Node).funcname));
  if (record.RangeTableSample) refs.functions.push(qualified((record.RangeTableSample as Node).method));
  if (record.A_Expr) {
    const expr = record.A_Expr as Node;
    if (String(expr.kind).startsWith('AEXPR_BETWEEN') || String(expr.kind).startsWith('AEXPR_NOT_BETWEEN'))
      refs.operators.push({ name: '>=' }, { name: '<=' }, { name: '>' }, { name: '<' });
    else refs.operators.push(qualified(expr.name));
  }
  if (record.SubLink && (record.SubLink as Node).operName)
    refs.operators.push(qualified((record.SubLink as Node).operName));
  if (record.SortBy && (record.SortBy as Node).useOp)
    refs.operators.push(qualified((record.SortBy as Node).useOp));
  if (record.ColumnRef) refs.attributeNames.push(...strings((record.ColumnRef as Node).fields));
  if (record.A_Indirection) refs.attributeNames.push(...strings((record.A_Indirection as Node).indirection));
  if (record.SetToDefault) refs.usesDefaults = true;
  // TypeName and RangeVar appear both wrapped ({TypeName: {...}}) and bare, as the value of a field.
  if (Array.isArray(record.names) && 'typemod' in record) refs.types.push(qualified(record.names));
  if (typeof record.relname === 'string') {
    const schema = typeof record.schemaname === 'string' ? record.schemaname : undefined;
    refs.relations.push(schema ? { schema, name: record.relname } : { name: record.relname });
  }
  for (const value of Object.values(record)) walk(value, refs);
}

function strings(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((item) => ((item as Node).String as Node | undefined)?.sval)
    .filter((s): s is string => typeof s === 'string');
}

/** The last element is the name; the one before, when present, the schema (a catalog qualifier is ignored). */
function qualified(list: unknown): QualifiedName {
  const parts = strings(list);
  const name = parts[parts.length - 1] ?? '';
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return schema === undefined ? { name } : { schema, name };
}
