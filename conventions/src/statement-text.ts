/**
 * How a statement's text is cut to a bounded length, the same everywhere it is shown or joined on: the
 * exporter's and the instrumentation's statement labels (which the engine joins), and the engine's
 * evidence and titles.
 */

/** Longest statement text in a label (perflens_pg_statement_info, the instrumentation's statement label). */
export const STATEMENT_TEXT_MAX_CHARS = 200;

/** What stands for the cut middle of a statement text. */
export const ELISION = ' … ';

/** Share of a cut text kept from its start; the rest comes from its end, where FROM and WHERE usually are. */
const HEAD_SHARE = 0.4;
/** A cut moves to the nearest space within this share of its part, so words stay whole. */
const WORD_SLACK = 0.25;

/**
 * A one-line statement text of at most `maxChars` characters (code points). A longer one keeps its start
 * and its end around ` … `: the start says what the statement does and to which table, the end holds what
 * tells it from its neighbours (the FROM and WHERE after a long select list, its LIMIT, a function call),
 * which a cut that keeps only the start loses.
 */
export function elideStatementText(text: string, maxChars: number = STATEMENT_TEXT_MAX_CHARS): string {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  const budget = Math.max(2, maxChars - [...ELISION].length);
  const headChars = Math.ceil(budget * HEAD_SHARE);
  const tailChars = budget - headChars;
  let head = chars.slice(0, headChars).join('');
  let tail = tailChars > 0 ? chars.slice(chars.length - tailChars).join('') : '';
  const lastSpace = head.lastIndexOf(' ');
  if (lastSpace >= head.length * (1 - WORD_SLACK)) head = head.slice(0, lastSpace);
  const firstSpace = tail.indexOf(' ');
  if (firstSpace >= 0 && firstSpace <= tail.length * WORD_SLACK) tail = tail.slice(firstSpace + 1);
  return `${head.trimEnd()}${ELISION}${tail.trimStart()}`;
}

/** The start and end of a text elideStatementText cut, or undefined for a text it left whole. */
export function elidedParts(text: string): { head: string; tail: string } | undefined {
  const at = text.indexOf(ELISION);
  return at < 0 ? undefined : { head: text.slice(0, at), tail: text.slice(at + ELISION.length) };
}
