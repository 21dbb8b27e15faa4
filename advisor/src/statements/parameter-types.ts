import { loadModule, parseSync } from 'libpg-query';

/**
 * Types for the parameters of a normalized statement that PREPARE cannot infer. pg_stat_statements turns
 * every constant into $n, and a literal's type was all that typed some of them: `LIMIT (SELECT 1000 …)`
 * becomes `LIMIT (SELECT $4 …)`, whose $4 PostgreSQL resolves as text ("argument of LIMIT must be type
 * bigint"), and `json_build_object('amountCents', …)` leaves $3 with no type at all ("could not determine
 * data type of parameter $3"). Declaring those parameters (`PREPARE p(unknown, bigint) AS …`, where
 * `unknown` still means "infer it", PostgreSQL docs, PREPARE) plans the statement as its literals would
 * have typed it. Each error adds one declaration; an error that no declaration explains is the caller's.
 */

/** `(t1, t2, …)` for PREPARE, `unknown` where nothing is declared; empty when nothing is. */
export function parameterList(types: readonly string[], paramCount: number): string {
  if (types.length === 0) return '';
  return `(${Array.from({ length: paramCount }, (_, i) => types[i] ?? 'unknown').join(', ')})`;
}

/**
 * The declarations to try after `error`, or undefined when another declaration cannot help: a parameter
 * with no inferable type becomes text (an untyped quoted literal resolves to text too), and the
 * parameters of a LIMIT or OFFSET become bigint, the type those clauses take.
 */
export async function declaredTypesAfter(
  error: Error,
  sql: string,
  paramCount: number,
  types: readonly string[],
): Promise<string[] | undefined> {
  const next = Array.from({ length: paramCount }, (_, i) => types[i] ?? 'unknown');
  const untyped = /could not determine data type of parameter \$(\d+)/.exec(error.message);
  if (untyped) {
    const index = Number(untyped[1]) - 1;
    if (index >= paramCount || next[index] !== 'unknown') return undefined;
    next[index] = 'text';
    return next;
  }
  if (/argument of (LIMIT|OFFSET) must be type bigint/.test(error.message)) {
    const undeclared = (await limitParameters(sql)).filter(
      (n) => n <= paramCount && next[n - 1] === 'unknown',
    );
    if (undeclared.length === 0) return undefined;
    for (const n of undeclared) next[n - 1] = 'bigint';
    return next;
  }
  return undefined;
}

type Node = Record<string, unknown>;

/** The $n that appear anywhere inside a LIMIT or OFFSET clause of the statement, sorted. */
export async function limitParameters(sql: string): Promise<number[]> {
  await loadModule();
  const found = new Set<number>();
  const visit = (node: unknown, inLimit: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, inLimit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Node;
    const param = record.ParamRef as Node | undefined;
    if (inLimit && param) found.add(Number(param.number ?? 0));
    for (const [key, value] of Object.entries(record))
      visit(value, inLimit || key === 'limitCount' || key === 'limitOffset');
  };
  visit(parseSync(sql), false);
  return [...found].filter((n) => n > 0).sort((a, b) => a - b);
}
