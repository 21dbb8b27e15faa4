/**
 * Perflens's own queries, marked so that pg_stat_statements keeps them apart from the service's. The
 * advisor's catalog reads (thousands of blocks per call) and its function guard (tens of milliseconds) and
 * the exporter's scrapes run in the database they watch; unmarked, the analysis took them for the service's
 * statements (a slow statement, a reader of a scanned table). pg_stat_statements keeps a statement's text
 * as first sent, leading comment included, so a comment marks it: pganalyze's collector marks its queries
 * the same way. The exporter leaves marked statements out of its metrics and the advisor out of its analysis.
 */
export const PERFLENS_QUERY_MARKER = '/* perflens */';

/** The name under which the advisor PREPAREs a statement to EXPLAIN it: `PREPARE perflens_advisor_plan…`. */
export const ADVISOR_PLAN_NAME = 'perflens_advisor_plan';

/**
 * Whether a pg_stat_statements text is one of Perflens's own queries: marked, or the advisor's PREPARE of
 * a service statement (pg_stat_statements.track = all records it as a statement of its own).
 */
export function isPerflensQueryText(text: string): boolean {
  return text.startsWith(PERFLENS_QUERY_MARKER) || text.startsWith(`PREPARE ${ADVISOR_PLAN_NAME}`);
}

/** The part of a node-postgres client this needs; typed here so the package keeps no dependencies. */
interface Queryable {
  query: (...args: never[]) => unknown;
}

/**
 * Makes every text the client sends start with {@link PERFLENS_QUERY_MARKER}: a string, or a plain config
 * object's `text`. Other arguments (a cursor, a prepared Query) pass unchanged. Returns the same client.
 */
export function markPerflensQueries<C extends Queryable>(client: C): C {
  const send = client.query.bind(client) as (...args: unknown[]) => unknown;
  const marked = (first: unknown): unknown => {
    if (typeof first === 'string') return `${PERFLENS_QUERY_MARKER} ${first}`;
    if (first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
      const config = first as { text?: unknown };
      if (typeof config.text === 'string')
        return { ...config, text: `${PERFLENS_QUERY_MARKER} ${config.text}` };
    }
    return first;
  };
  (client as { query: unknown }).query = (first: unknown, ...rest: unknown[]) => send(marked(first), ...rest);
  return client;
}
