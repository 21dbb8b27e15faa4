import { elideStatementText, STATEMENT_TEXT_MAX_CHARS } from '@perflens/conventions';

/**
 * pg_stat_statements normalizes the statements the planner optimizes (constants become $1, $2, ...),
 * but keeps utility statements as they were sent: `SET app.key = 'secret'`, `CREATE ROLE x PASSWORD
 * '...'`, and `SELECT ... INTO t` (a CREATE TABLE AS). Only these leading keywords are exported.
 */
const EXPORTED_KEYWORDS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'WITH']);

/**
 * The text of a statement that is safe to export as a label, or undefined when it is not: not a plain
 * DML statement, or holding anything that could be a literal value. A normalized text has no string
 * literal left, so any quote or dollar quote means the text was not normalized and it is dropped
 * whole. Comments are removed (sqlcommenter-style tags carry request data); quoted identifiers are kept.
 */
export function safeStatementText(
  raw: string,
  maxChars: number = STATEMENT_TEXT_MAX_CHARS,
): string | undefined {
  const text = withoutComments(raw);
  if (text === undefined) return undefined;
  const collapsed = text.replace(/\s+/g, ' ').trim();
  const keyword = /^[A-Za-z]+/.exec(collapsed)?.[0]?.toUpperCase();
  if (keyword === undefined || !EXPORTED_KEYWORDS.has(keyword)) return undefined;
  // SELECT ... INTO creates a table: a utility statement whose constants are kept.
  if (/\bINTO\b/i.test(collapsed.replace(/\b(INSERT|MERGE)\s+INTO\b/gi, ''))) return undefined;
  return elideStatementText(collapsed, maxChars);
}

/**
 * The statement without its comments, or undefined when it holds a string literal (any `'`, which also
 * covers E'', B'', X'' and U&'') or a dollar-quoted string. A small scanner rather than a regex, so a
 * `--` inside a quoted identifier is not taken for a comment.
 */
function withoutComments(sql: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'") return undefined;
    if (c === '$' && /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.test(sql.slice(i))) return undefined;
    if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) return undefined;
      out += sql.slice(i, end + 1);
      i = end + 1;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      out += ' ';
    } else if (c === '/' && next === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        const pair = sql.slice(i, i + 2);
        if (pair === '/*' || pair === '*/') {
          depth += pair === '/*' ? 1 : -1;
          i += 2;
        } else {
          i++;
        }
      }
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Texts of the given statements in the current database. pg_stat_statements(true) reads the whole
 * query-text file, so this runs once per scrape and only for statements already exported.
 */
export function statementTextSql(schema: string): string {
  return `
SELECT queryid::text AS queryid, min(query) AS query
FROM ${schema}.pg_stat_statements(true)
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND queryid = ANY($1::bigint[])
GROUP BY queryid`;
}
