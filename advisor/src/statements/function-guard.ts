import type { ClientBase } from 'pg';
import { statementReferences, type QualifiedName } from './statement-references';

/**
 * Why a statement must not be planned because planning could run code that is not PostgreSQL's own, or
 * undefined when it may be planned.
 *
 * The danger: while planning, PostgreSQL evaluates IMMUTABLE (and, for estimates, STABLE) functions
 * whose arguments are constants, and such a function may call anything. SET ROLE (planning-role.ts)
 * does not contain that code: it can RESET ROLE back to the advisor's own login role. So the advisor
 * plans only statements that cannot reach a function outside pg_catalog and information_schema.
 *
 * Why this is conservative (it refuses more than it must, never less, for what it can see):
 * - Names are matched by name alone in every schema, ignoring search_path and argument types: a
 *   function called `lower` is refused as soon as any non-catalog schema has a function named `lower`
 *   (one could shadow the built-in through overload resolution); a called name found nowhere is refused
 *   too (we cannot tell what it is); a non-catalog schema qualifier is refused without a lookup.
 * - Column names are also checked as function names, since `t.f` may call f(t).
 * - Relations, types and operators are followed through pg_depend to everything the planner can see
 *   with them: a view's query, indexes (expressions, predicates), CHECK constraints, row-level security
 *   policies, extended statistics, inheritance children and partitions, domain constraints, an
 *   operator's function, and (for UPDATE ... SET col = DEFAULT) column defaults. Any function reached is
 *   a refusal, whatever its volatility.
 * - Built-in functions that run SQL of their own and are not VOLATILE (table_to_xml and friends,
 *   evaluated for selectivity estimates) are refused by name.
 * A statement whose text does not parse is refused. The check is a catalog read only: nothing is planned.
 */
export async function unsafeToPlan(client: ClientBase, sql: string): Promise<string | undefined> {
  let refs;
  try {
    refs = await statementReferences(sql);
  } catch {
    return 'its text does not parse, so the functions it calls cannot be checked';
  }
  for (const f of refs.functions) {
    if (f.schema !== undefined && !CATALOG_SCHEMAS.includes(f.schema))
      return `it calls ${display(f)}, a function outside pg_catalog`;
    if (SQL_RUNNING_BUILTINS.has(f.name)) return `it calls ${f.name}, which runs SQL of its own`;
  }
  const unknown = await unknownFunctions(
    client,
    refs.functions.filter((f) => f.schema === undefined).map((f) => f.name),
  );
  if (unknown.length > 0)
    return `it calls ${unknown[0]}, which is not a function of this database (cannot tell what it runs)`;
  const reached = await reachableFunction(client, {
    functions: [...refs.functions.map((f) => f.name), ...refs.attributeNames],
    operators: refs.operators.map((o) => o.name),
    types: refs.types.map((t) => t.name),
    relations: refs.relations.map((r) => r.name),
    includeDefaults: refs.usesDefaults,
  });
  if (reached) return `planning it can run ${reached}, a function outside pg_catalog`;
  return undefined;
}

const CATALOG_SCHEMAS = ['pg_catalog', 'information_schema'];

/** Built-ins that execute a query and are STABLE, so the planner may call them on constants. */
const SQL_RUNNING_BUILTINS = new Set([
  'table_to_xml',
  'table_to_xmlschema',
  'table_to_xml_and_xmlschema',
  'schema_to_xml',
  'schema_to_xmlschema',
  'schema_to_xml_and_xmlschema',
  'database_to_xml',
  'database_to_xmlschema',
  'database_to_xml_and_xmlschema',
]);

function display(name: QualifiedName): string {
  return name.schema ? `${name.schema}.${name.name}` : name.name;
}

async function unknownFunctions(client: ClientBase, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const result = await client.query<{ name: string }>(
    `SELECT n AS name FROM unnest($1::text[]) AS n
     WHERE NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = n)`,
    [[...new Set(names)]],
  );
  return result.rows.map((r) => r.name);
}

interface Reach {
  functions: string[];
  operators: string[];
  types: string[];
  relations: string[];
  includeDefaults: boolean;
}

/**
 * The first non-catalog function reachable from the names, as `schema.name(argument types)`. Objects depending
 * on pinned (built-in) objects have no pg_depend rows, so the walk only ever visits user objects.
 * "Owned" objects of a relation or type (its indexes, rules, policies, checks, statistics, children,
 * array and domain constraints) are their dependents with deptype auto or internal (or a child table);
 * foreign keys and triggers are left out (EXPLAIN neither plans nor fires them).
 */
async function reachableFunction(client: ClientBase, reach: Reach): Promise<string | undefined> {
  const result = await client.query<{ fn: string }>(
    `WITH RECURSIVE
     catalog AS (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema')),
     start(classid, objid) AS (
       SELECT 'pg_proc'::regclass::oid, p.oid FROM pg_proc p
         WHERE p.proname = ANY($1::text[]) AND p.pronamespace NOT IN (SELECT oid FROM catalog)
       UNION SELECT 'pg_operator'::regclass::oid, o.oid FROM pg_operator o
         WHERE o.oprname = ANY($2::text[]) AND o.oprnamespace NOT IN (SELECT oid FROM catalog)
       UNION SELECT 'pg_type'::regclass::oid, t.oid FROM pg_type t
         WHERE t.typname = ANY($3::text[]) AND t.typnamespace NOT IN (SELECT oid FROM catalog)
       UNION SELECT 'pg_class'::regclass::oid, c.oid FROM pg_class c
         WHERE c.relname = ANY($4::text[]) AND c.relnamespace NOT IN (SELECT oid FROM catalog)
     ),
     reached(classid, objid) AS (
       SELECT classid, objid FROM start
       UNION
       SELECT next.classid, next.objid FROM reached r
       CROSS JOIN LATERAL (
         SELECT d.refclassid AS classid, d.refobjid AS objid FROM pg_depend d
           WHERE d.classid = r.classid AND d.objid = r.objid AND r.classid <> 'pg_proc'::regclass
             AND d.refclassid NOT IN ('pg_namespace'::regclass, 'pg_extension'::regclass)
             AND NOT (d.classid = 'pg_constraint'::regclass
                      AND EXISTS (SELECT 1 FROM pg_constraint c WHERE c.oid = d.objid AND c.contype = 'f'))
         UNION ALL
         SELECT d.classid, d.objid FROM pg_depend d
           WHERE d.refclassid = r.classid AND d.refobjid = r.objid
             AND r.classid IN ('pg_class'::regclass, 'pg_type'::regclass)
             AND (d.deptype IN ('a', 'i') OR d.classid = 'pg_class'::regclass)
             AND d.classid IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_rewrite'::regclass,
                               'pg_policy'::regclass, 'pg_constraint'::regclass,
                               'pg_statistic_ext'::regclass, 'pg_attrdef'::regclass)
             AND (d.classid <> 'pg_attrdef'::regclass OR $5::boolean)
       ) AS next
     )
     SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS fn
     FROM reached r JOIN pg_proc p ON p.oid = r.objid JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE r.classid = 'pg_proc'::regclass
     ORDER BY 1 LIMIT 1`,
    [
      [...new Set(reach.functions)],
      [...new Set(reach.operators)],
      [...new Set(reach.types)],
      [...new Set(reach.relations)],
      reach.includeDefaults,
    ],
  );
  return result.rows[0]?.fn;
}
