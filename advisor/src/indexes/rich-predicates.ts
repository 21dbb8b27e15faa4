import { loadModule, parseSync } from 'libpg-query';
import { quoteIdent } from '@perflens/conventions';
import { tableKey, type TableInfo } from '../health/table-catalog';
import type { TableName } from '../statements/statement-shape';

/**
 * What a statement asks of a table beyond plain column comparisons (statement-shape.ts reads those):
 * - expression keys: `lower(email) = $1` can only use an index on `(lower(email))`;
 * - partial-index predicates: `deleted_at IS NULL`, `NOT archived` — conditions with no parameter, which
 *   pg_stat_statements keeps as written. A constant such as `status = 'pending'` is normalized to
 *   `status = $1` there, so it cannot be told from any other value and yields no partial index.
 */
export interface RichPredicates {
  /** Expression keys per table oid, written as CREATE INDEX takes them: `(lower(email))`. */
  expressions: Map<number, string[]>;
  /** Parameter-free conditions per table oid: the column and the SQL for a partial index's WHERE. */
  conditions: Map<number, { column: string; sql: string }[]>;
  /**
   * Every column the statement reads per table oid (select list, filters, sort), for INCLUDE; a table
   * read with `*` (or a column that could not be placed) is absent: no index can cover it.
   */
  reads: Map<number, Set<string>>;
  /**
   * `reads` without the columns only the parameter-free conditions read: a partial index whose WHERE
   * implies those conditions gives an index-only scan without them (PostgreSQL 9.6+ does not recheck an
   * implied predicate), so INCLUDE on a partial index needs only these.
   */
  readsBesideConditions: Map<number, Set<string>>;
}

type Node = Record<string, unknown>;
let loading: Promise<void> | undefined;

/**
 * Functions whose index a lookup commonly needs and that are immutable for their usual argument types
 * (CREATE INDEX rejects a volatile expression; `date(timestamptz)`, say, depends on the time zone).
 */
const INDEXABLE_FUNCTIONS = new Set(['lower', 'upper', 'abs']);

/** Reads the WHERE clause of one SELECT, UPDATE or DELETE (its AND-ed conjuncts) for rich predicates. */
export async function richPredicates(
  sql: string,
  tables: ReadonlyMap<string, TableInfo>,
): Promise<RichPredicates> {
  await (loading ??= loadModule());
  const result: RichPredicates = {
    expressions: new Map(),
    conditions: new Map(),
    reads: new Map(),
    readsBesideConditions: new Map(),
  };
  let stmt: Node | undefined;
  try {
    stmt = (parseSync(sql) as { stmts?: { stmt: Node }[] }).stmts?.[0]?.stmt;
  } catch {
    return result;
  }
  const body = (stmt?.SelectStmt ?? stmt?.UpdateStmt ?? stmt?.DeleteStmt) as Node | undefined;
  if (!body) return result;
  const scope = new Map<string, TableInfo>();
  const addRange = (rangeVar: Node | undefined) => {
    if (!rangeVar?.relname) return;
    const name: TableName = rangeVar.schemaname
      ? { schema: String(rangeVar.schemaname), name: String(rangeVar.relname) }
      : { name: String(rangeVar.relname) };
    const table = tables.get(tableKey(name));
    const alias = ((rangeVar.alias as Node | undefined)?.aliasname as string | undefined) ?? name.name;
    if (table) scope.set(alias, table);
  };
  addRange(body.relation as Node | undefined);
  for (const item of (body.fromClause ?? body.usingClause ?? []) as Node[])
    addRange(item.RangeVar as Node | undefined);
  const owner = (columnRef: Node): { table: TableInfo; column: string } | undefined => {
    const fields = ((columnRef.fields ?? []) as Node[]).map((f) => (f.String as Node | undefined)?.sval);
    if (fields.some((f) => typeof f !== 'string')) return undefined;
    const column = String(fields[fields.length - 1]);
    const candidates =
      fields.length > 1 ? [scope.get(String(fields[fields.length - 2]))] : [...scope.values()];
    const owners = candidates.filter((t): t is TableInfo => t?.columns.has(column) ?? false);
    return owners.length === 1 ? { table: owners[0]!, column } : undefined;
  };
  const whereConjuncts = conjuncts(body.whereClause as Node | undefined);
  const parameterFree = new Set<Node>();
  for (const conjunct of whereConjuncts) {
    const condition = parameterFreeCondition(conjunct, owner);
    if (condition) {
      parameterFree.add(conjunct);
      const list = result.conditions.get(condition.oid) ?? [];
      if (!list.some((c) => c.sql === condition.sql))
        list.push({ column: condition.column, sql: condition.sql });
      result.conditions.set(condition.oid, list);
    }
    const expression = expressionKey(conjunct, owner);
    if (expression) {
      const list = result.expressions.get(expression.oid) ?? [];
      if (!list.includes(expression.sql)) list.push(expression.sql);
      result.expressions.set(expression.oid, list);
    }
  }
  // INCLUDE is for index-only scans, which only reads get.
  if (stmt?.SelectStmt) {
    result.reads = columnsRead(body, whereConjuncts, scope, owner);
    result.readsBesideConditions = columnsRead(
      body,
      whereConjuncts.filter((c) => !parameterFree.has(c)),
      scope,
      owner,
    );
  }
  return result;
}

/**
 * Columns read per table by the select list, sort, grouping and the given WHERE conjuncts, for a
 * statement over tables in `scope`; a `*` or an unplaced column drops all.
 */
function columnsRead(
  body: Node,
  whereConjuncts: readonly Node[],
  scope: Map<string, TableInfo>,
  owner: Owner,
): Map<number, Set<string>> {
  const reads = new Map<number, Set<string>>();
  let complete = true;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Node;
    const ref = record.ColumnRef as Node | undefined;
    if (ref) {
      const found = owner(ref);
      if (!found) complete = false;
      else reads.set(found.table.oid, (reads.get(found.table.oid) ?? new Set()).add(found.column));
      return;
    }
    Object.values(record).forEach(visit);
  };
  visit([body.targetList, whereConjuncts, body.sortClause, body.groupClause, body.returningList]);
  return complete && scope.size > 0 ? reads : new Map();
}

function conjuncts(expr: Node | undefined): Node[] {
  if (!expr) return [];
  const bool = expr.BoolExpr as Node | undefined;
  if (bool?.boolop === 'AND_EXPR') return (bool.args as Node[]).flatMap(conjuncts);
  return [expr];
}

type Owner = (columnRef: Node) => { table: TableInfo; column: string } | undefined;

/** `col IS [NOT] NULL`, a boolean `col` or `NOT col`: a condition a partial index can be built on. */
function parameterFreeCondition(
  expr: Node,
  owner: Owner,
): { oid: number; column: string; sql: string } | undefined {
  const nullTest = expr.NullTest as Node | undefined;
  if (nullTest) {
    const ref = (nullTest.arg as Node).ColumnRef as Node | undefined;
    const found = ref && owner(ref);
    if (!found) return undefined;
    const negated = nullTest.nulltesttype === 'IS_NOT_NULL';
    return {
      oid: found.table.oid,
      column: found.column,
      sql: `${quoteIdent(found.column)} IS ${negated ? 'NOT ' : ''}NULL`,
    };
  }
  const bool = expr.BoolExpr as Node | undefined;
  const negated = bool?.boolop === 'NOT_EXPR';
  const ref = (negated ? ((bool.args as Node[])[0] as Node) : expr).ColumnRef as Node | undefined;
  const found = ref && owner(ref);
  if (!found || found.table.columns.get(found.column)?.type !== 'boolean') return undefined;
  return {
    oid: found.table.oid,
    column: found.column,
    sql: `${negated ? 'NOT ' : ''}${quoteIdent(found.column)}`,
  };
}

/** `lower(col) = $1` (or a range): the expression key `(lower(col))`. */
function expressionKey(expr: Node, owner: Owner): { oid: number; sql: string } | undefined {
  const comparison = expr.A_Expr as Node | undefined;
  if (!comparison || comparison.kind !== 'AEXPR_OP') return undefined;
  for (const side of [comparison.lexpr, comparison.rexpr] as (Node | undefined)[]) {
    const call = side?.FuncCall as Node | undefined;
    if (!call) continue;
    const names = ((call.funcname ?? []) as Node[]).map((n) => String((n.String as Node | undefined)?.sval));
    const name = names[names.length - 1]!;
    const args = (call.args ?? []) as Node[];
    if (!INDEXABLE_FUNCTIONS.has(name) || args.length !== 1 || !args[0]!.ColumnRef) continue;
    const found = owner(args[0]!.ColumnRef as Node);
    if (found) return { oid: found.table.oid, sql: `(${name}(${quoteIdent(found.column)}))` };
  }
  return undefined;
}
