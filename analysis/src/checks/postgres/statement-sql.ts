import { elideStatementText, STATEMENT_TEXT_MAX_CHARS } from '@perflens/conventions';

/**
 * Statement texts as findings show them. The exporter and the instrumentation already normalize them
 * (constants are $n, comments removed, at most 200 characters); here they are bounded again, because a
 * Prometheus may hold the info series of another producer, and any quoted literal left is masked.
 */

/** Longest statement text in a one-line title. */
export const TITLE_TEXT_MAX_CHARS = 100;

// A single-quoted string literal, '' escapes included (PostgreSQL docs 4.1.2.1).
const STRING_LITERAL = /'(?:[^']|'')*'/g;

/** The text on one line, quoted literals masked, its middle cut to ` … ` when longer than `maxChars`. */
export function boundedStatementText(text: string, maxChars = STATEMENT_TEXT_MAX_CHARS): string {
  // A function replacement: `$1` in the text must stay as it is, not be read as a replacement pattern.
  const oneLine = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(STRING_LITERAL, () => "'?'");
  return elideStatementText(oneLine, maxChars);
}

/** `Statement 42` or, with its text, `Statement 42 (SELECT … WHERE id = $1)`, for titles. */
export function statementName(statement: { queryid: string; query?: string }): string {
  return statement.query
    ? `Statement ${statement.queryid} (${boundedStatementText(statement.query, TITLE_TEXT_MAX_CHARS)})`
    : `Statement ${statement.queryid}`;
}
