import { loadModule, parseSync } from 'libpg-query';

/**
 * Which columns a statement filters, joins and sorts on, per table, read from the real PostgreSQL parse
 * tree (libpg-query, the parser PgHero and Dexter use through pg_query). Like PgHero's suggester it reads
 * AND-ed predicates only: an OR needs a BitmapOr of separate indexes, which the single and two-column
 * candidates already cover, and NOT or LIKE predicates are not btree-searchable in general.
 */
export type ColumnRole = 'equality' | 'range' | 'join' | 'sort';

export interface TableName {
  schema?: string;
  name: string;
}

/** One column use; `tables` lists every table that could own an unqualified column (resolved later). */
export interface ColumnUse {
  tables: TableName[];
  column: string;
  role: ColumnRole;
}

export interface StatementShape {
  command: 'select' | 'update' | 'delete';
  tables: TableName[];
  uses: ColumnUse[];
  /** Highest $n in the text: how many NULLs EXECUTE needs for a generic plan. */
  paramCount: number;
}

/** A statement the advisor does not analyse, with the reason shown in the report. */
export class UnsupportedStatementError extends Error {}

type Node = Record<string, unknown>;
interface Scope {
  tables: Map<string, TableName>;
}

let loading: Promise<void> | undefined;

/** Parses one normalized statement. Rejects several statements, utility commands and INSERTs. */
export async function statementShape(sql: string): Promise<StatementShape> {
  await (loading ??= loadModule());
  let tree: { stmts?: { stmt: Node }[] };
  try {
    tree = parseSync(sql) as typeof tree;
  } catch (error) {
    throw new UnsupportedStatementError(`cannot parse: ${(error as Error).message}`);
  }
  const stmts = tree.stmts ?? [];
  if (stmts.length !== 1) throw new UnsupportedStatementError(`expected one statement, got ${stmts.length}`);
  const stmt = stmts[0]!.stmt;
  const [type] = Object.keys(stmt);
  const shape: StatementShape = { command: 'select', tables: [], uses: [], paramCount: maxParam(stmt) };
  const body = stmt[type!] as Node;
  if (type === 'SelectStmt') {
    if (body.intoClause) throw new UnsupportedStatementError('SELECT INTO writes a table');
    walkSelect(body, shape, new Set());
  } else if (type === 'UpdateStmt' || type === 'DeleteStmt') {
    shape.command = type === 'UpdateStmt' ? 'update' : 'delete';
    const scope: Scope = { tables: new Map() };
    addRangeVar(body.relation as Node, scope, shape, new Set());
    const from = (body.fromClause ?? body.usingClause ?? []) as Node[];
    for (const item of from) walkFromItem(item, scope, shape, new Set());
    walkPredicate(body.whereClause as Node | undefined, scope, shape);
  } else {
    throw new UnsupportedStatementError(`${type ?? 'empty'} is not a SELECT, UPDATE or DELETE`);
  }
  return shape;
}

function walkSelect(select: Node, shape: StatementShape, ctes: Set<string>): void {
  const innerCtes = new Set(ctes);
  const withClause = select.withClause as Node | undefined;
  for (const cte of (withClause?.ctes ?? []) as Node[]) {
    const expr = cte.CommonTableExpr as Node;
    innerCtes.add(String(expr.ctename));
    const query = (expr.ctequery as Node).SelectStmt as Node | undefined;
    if (query) walkSelect(query, shape, innerCtes);
  }
  if (select.op && select.op !== 'SETOP_NONE') {
    for (const side of [select.larg, select.rarg] as (Node | undefined)[])
      if (side) walkSelect(side, shape, innerCtes);
    return;
  }
  const scope: Scope = { tables: new Map() };
  for (const item of (select.fromClause ?? []) as Node[]) walkFromItem(item, scope, shape, innerCtes);
  walkPredicate(select.whereClause as Node | undefined, scope, shape);
  for (const sort of (select.sortClause ?? []) as Node[]) {
    const ref = (sort.SortBy as Node | undefined)?.node as Node | undefined;
    if (ref?.ColumnRef) addUse(ref.ColumnRef as Node, 'sort', scope, shape);
  }
}

function walkFromItem(item: Node, scope: Scope, shape: StatementShape, ctes: Set<string>): void {
  if (item.RangeVar) addRangeVar(item.RangeVar as Node, scope, shape, ctes);
  else if (item.JoinExpr) {
    const join = item.JoinExpr as Node;
    walkFromItem(join.larg as Node, scope, shape, ctes);
    walkFromItem(join.rarg as Node, scope, shape, ctes);
    walkPredicate(join.quals as Node | undefined, scope, shape);
  } else if (item.RangeSubselect) {
    const sub = ((item.RangeSubselect as Node).subquery as Node).SelectStmt as Node | undefined;
    if (sub) walkSelect(sub, shape, ctes);
  }
}

function addRangeVar(rangeVar: Node, scope: Scope, shape: StatementShape, ctes: Set<string>): void {
  const name = String(rangeVar.relname);
  const schema = rangeVar.schemaname as string | undefined;
  if (!schema && ctes.has(name)) return;
  const table: TableName = schema ? { schema, name } : { name };
  const alias = ((rangeVar.alias as Node | undefined)?.aliasname as string | undefined) ?? name;
  scope.tables.set(alias, table);
  if (!shape.tables.some((t) => t.name === name && t.schema === schema)) shape.tables.push(table);
}

const RANGE_OPERATORS = new Set(['<', '>', '<=', '>=']);

function walkPredicate(expr: Node | undefined, scope: Scope, shape: StatementShape): void {
  if (!expr) return;
  if (expr.BoolExpr) {
    const bool = expr.BoolExpr as Node;
    if (bool.boolop === 'AND_EXPR') for (const arg of bool.args as Node[]) walkPredicate(arg, scope, shape);
  } else if (expr.NullTest) {
    const arg = (expr.NullTest as Node).arg as Node;
    if (arg.ColumnRef) addUse(arg.ColumnRef as Node, 'equality', scope, shape);
  } else if (expr.A_Expr) {
    walkComparison(expr.A_Expr as Node, scope, shape);
  } else if (expr.SubLink) {
    const sub = ((expr.SubLink as Node).subselect as Node).SelectStmt as Node | undefined;
    if (sub) walkSelect(sub, shape, new Set());
  }
}

function walkComparison(aExpr: Node, scope: Scope, shape: StatementShape): void {
  const left = aExpr.lexpr as Node | undefined;
  const right = aExpr.rexpr as Node | undefined;
  const names = (aExpr.name ?? []) as Node[];
  const op = String((names[names.length - 1]?.String as Node | undefined)?.sval ?? '');
  const kind = aExpr.kind;
  if (kind === 'AEXPR_IN' || kind === 'AEXPR_OP_ANY') {
    if (op === '=' && left?.ColumnRef) addUse(left.ColumnRef as Node, 'equality', scope, shape);
    return;
  }
  if (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM') {
    if (left?.ColumnRef) addUse(left.ColumnRef as Node, 'range', scope, shape);
    return;
  }
  if (kind !== 'AEXPR_OP' || !left || !right || (op !== '=' && !RANGE_OPERATORS.has(op))) return;
  if (left.ColumnRef && right.ColumnRef) {
    addUse(left.ColumnRef as Node, 'join', scope, shape);
    addUse(right.ColumnRef as Node, 'join', scope, shape);
    return;
  }
  const role = op === '=' ? 'equality' : 'range';
  if (left.ColumnRef && isValue(right)) addUse(left.ColumnRef as Node, role, scope, shape);
  else if (right.ColumnRef && isValue(left)) addUse(right.ColumnRef as Node, role, scope, shape);
}

/** A constant, a parameter or a cast of one: what an index condition compares a column with. */
function isValue(node: Node): boolean {
  if (node.A_Const || node.ParamRef) return true;
  if (node.TypeCast) return isValue((node.TypeCast as Node).arg as Node);
  return false;
}

function addUse(columnRef: Node, role: ColumnRole, scope: Scope, shape: StatementShape): void {
  const fields = (columnRef.fields as Node[]).map(
    (f) => (f.String as Node | undefined)?.sval as string | undefined,
  );
  if (fields.some((f) => f === undefined)) return; // `*` or an A_Star
  const column = fields[fields.length - 1]!;
  let tables: TableName[];
  if (fields.length === 1) tables = [...scope.tables.values()];
  else {
    const qualifier = fields[fields.length - 2]!;
    const table = scope.tables.get(qualifier);
    // A qualifier from an outer query (a correlated subquery) is not in this scope: skip it.
    if (!table) return;
    tables = [table];
  }
  if (tables.length > 0) shape.uses.push({ tables, column, role });
}

function maxParam(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((max: number, item) => Math.max(max, maxParam(item)), 0);
  if (node === null || typeof node !== 'object') return 0;
  const record = node as Node;
  if (record.ParamRef) return Number((record.ParamRef as Node).number ?? 0);
  return Object.values(record).reduce((max: number, value) => Math.max(max, maxParam(value)), 0);
}
