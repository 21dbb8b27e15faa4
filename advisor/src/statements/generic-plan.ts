import type { ClientBase } from 'pg';
import { declaredTypesAfter, parameterList } from './parameter-types';
import { ADVISOR_PLAN_NAME } from '@perflens/conventions';
import { ADVISOR_PREPARE_PREFIX } from './statements-source';

/** The planner's estimate for one statement and the indexes its plan uses. */
export interface PlanCost {
  totalCost: number;
  indexNames: string[];
  /** With `relations`: every relation the plan reads, and how many of its nodes scan it sequentially. */
  relationScans?: RelationScan[];
}

/** One relation a plan reads: `seqScans` 0 means it is read only through indexes. */
export interface RelationScan {
  schema: string;
  table: string;
  seqScans: number;
}

/** The fences around one EXPLAIN: who plans it and how long it may wait. */
export interface PlanFences {
  /** The role that ran the statement, already quoted (planning-role.ts): its privileges, not the advisor's. */
  role: string;
  timeoutMs: number;
  /**
   * Also name the relations the plan reads (PlanCost.relationScans). It takes EXPLAIN VERBOSE, whose
   * output lists, plan node by plan node, each relation's schema; the what-if passes do not need it.
   */
  relations?: boolean;
}

/**
 * EXPLAINs a normalized statement ($1, $2... instead of constants) without running it. PostgreSQL 16
 * has EXPLAIN (GENERIC_PLAN) for this; on 15 it fails with "there is no parameter $1", so this does what
 * Dexter does there: PREPARE the text, force a generic plan (plan_cache_mode, PostgreSQL docs 20.7.2)
 * and EXPLAIN EXECUTE it with NULLs, whose values a generic plan ignores.
 *
 * The text comes from pg_stat_statements, and planning evaluates functions on constants, so it is planned
 * in a READ ONLY transaction, as the role that ran it (SET LOCAL ROLE), with a statement and a lock
 * timeout, all rolled back. SET ROLE alone is not a boundary (code can RESET ROLE), so callers first
 * check that the statement reaches no function outside pg_catalog (function-guard.ts). The caller has
 * also checked that it parses as one SELECT, UPDATE or DELETE. hypopg's hypothetical indexes are
 * per-backend, not per-role, so the ones the advisor made are seen under SET ROLE. Everything is sent as
 * one simple-protocol message (one round trip); prepared statements are not transactional, so they are
 * deallocated after the rollback.
 */
export async function explainGenericPlan(
  client: ClientBase,
  sql: string,
  paramCount: number,
  fences: PlanFences,
): Promise<PlanCost> {
  let types = knownTypes.get(sql) ?? [];
  for (;;) {
    try {
      const plan = await explainWithTypes(client, sql, paramCount, fences, types);
      if (types.length > 0) remember(sql, types);
      return plan;
    } catch (error) {
      // A constant whose type only its literal gave ($n in `LIMIT (SELECT $4 …)`, in json_build_object):
      // declare it as the literal would have been typed and try again (parameter-types.ts).
      const next = await declaredTypesAfter(error as Error, sql, paramCount, types);
      if (!next) throw error;
      types = next;
    }
  }
}

/** Parameter types that made a text plannable, so the next pass plans it at the first try. */
const knownTypes = new Map<string, readonly string[]>();
const MAX_KNOWN_TYPES = 1_000;

function remember(sql: string, types: readonly string[]): void {
  if (knownTypes.size >= MAX_KNOWN_TYPES) knownTypes.clear();
  knownTypes.set(sql, types);
}

async function explainWithTypes(
  client: ClientBase,
  sql: string,
  paramCount: number,
  fences: PlanFences,
  types: readonly string[],
): Promise<PlanCost> {
  const args = paramCount > 0 ? `(${Array.from({ length: paramCount }, () => 'NULL').join(', ')})` : '';
  const timeout = Math.max(1, Math.floor(fences.timeoutMs));
  const text =
    `BEGIN READ ONLY; SET LOCAL ROLE ${fences.role}; SET LOCAL statement_timeout = ${timeout}; ` +
    `SET LOCAL lock_timeout = ${timeout}; SET LOCAL plan_cache_mode = force_generic_plan; ` +
    `${ADVISOR_PREPARE_PREFIX}${parameterList(types, paramCount)} AS ${sql}\n; ` +
    `EXPLAIN (FORMAT JSON${fences.relations ? ', VERBOSE' : ''}) EXECUTE ${ADVISOR_PLAN_NAME}${args}; ` +
    `ROLLBACK; DEALLOCATE ${ADVISOR_PLAN_NAME}`;
  let results: unknown;
  try {
    results = await client.query(text);
  } catch (error) {
    // The failed statement aborted the transaction and skipped the rest of the message.
    await client.query(`ROLLBACK; DEALLOCATE ALL`);
    throw error;
  }
  const explain = (results as { rows: Record<string, unknown>[] }[]).find(
    (r) => r.rows?.[0]?.['QUERY PLAN'] !== undefined,
  );
  const plan = (explain?.rows[0]?.['QUERY PLAN'] as { Plan: PlanNode }[] | undefined)?.[0]?.Plan;
  if (!plan) throw new Error('EXPLAIN returned no plan');
  return {
    totalCost: plan['Total Cost'],
    indexNames: indexNamesOf(plan),
    ...(fences.relations ? { relationScans: relationScansOf(plan) } : {}),
  };
}

/** A node of EXPLAIN's JSON output, the fields the advisor reads. */
export interface PlanNode {
  'Node Type'?: string;
  'Total Cost': number;
  'Index Name'?: string;
  /** With VERBOSE; a scan node always has 'Relation Name'. */
  Schema?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The relations a plan's nodes read, sorted; a parallel sequential scan is a 'Seq Scan' node too. */
export function relationScansOf(plan: PlanNode): RelationScan[] {
  const byName = new Map<string, RelationScan>();
  const visit = (node: PlanNode) => {
    const table = node['Relation Name'];
    if (table !== undefined) {
      const schema = node.Schema ?? '';
      const key = `${schema}.${table}`;
      const entry = byName.get(key) ?? { schema, table, seqScans: 0 };
      if (node['Node Type'] === 'Seq Scan') entry.seqScans += 1;
      byName.set(key, entry);
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(plan);
  return [...byName.values()].sort(
    (a, b) => a.schema.localeCompare(b.schema) || a.table.localeCompare(b.table),
  );
}

function indexNamesOf(plan: PlanNode): string[] {
  const names = plan['Index Name'] ? [plan['Index Name']] : [];
  for (const child of plan.Plans ?? []) names.push(...indexNamesOf(child));
  return names;
}
