import { elideStatementText, STATEMENT_TEXT_MAX_CHARS } from '@perflens/conventions';

/**
 * Statement text as pg_stat_statements normalizes it (PostgreSQL 15): every constant the query tree
 * keeps (numbers, strings, typed strings, booleans, NULL, a unary minus with its number) becomes `$n`,
 * numbered in order after the highest parameter already in the text; everything else (whitespace,
 * comments, casts, identifiers) is kept as written. Parameterized statements are already normalized.
 *
 * What does not match pg_stat_statements (see instrument/README.md, "Statements per route"):
 * - constants the planner does not keep as constants stay literal there and are replaced here: type
 *   modifiers (`varchar(10)`), `ORDER BY 1` / `GROUP BY 1` positions;
 * - PostgreSQL 15 keeps utility statements (SET, CREATE, ...) as sent; here their literals are replaced
 *   too, because a label must never carry a value (`SET app.key = 'secret'`);
 * - pg_stat_statements keeps the text of the first execution of each query id, so a statement sent
 *   with other whitespace or comments matches only when that form came first;
 * - a string of several statements is one text here, one entry per statement there.
 * Written as a small scanner (no regex per character) and run once per distinct text (statement-cache.ts).
 */

const enum Previous {
  /** Start of text, an operator, `(` or `,`: a following `-` is a sign. */
  Operator,
  /** An identifier, constant, parameter or `)`: a following `-` is a binary minus. */
  Operand,
}

/** Keywords after which a `-` is a sign (`LIMIT -1`, `WHEN -1`), not a binary minus. */
const SIGN_KEYWORDS = new Set([
  'SELECT',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'WHEN',
  'THEN',
  'ELSE',
  'LIMIT',
  'OFFSET',
  'BY',
  'IN',
  'IS',
  'BETWEEN',
  'RETURNING',
  'HAVING',
  'ON',
  'SET',
  'CASE',
  'DISTINCT',
  'ALL',
]);

/** Keywords that are constants in the query tree. */
const CONSTANT_KEYWORDS = new Set(['TRUE', 'FALSE', 'NULL']);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c) || c === 36;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const QUOTE = 39;
const DOUBLE_QUOTE = 34;
const DOLLAR = 36;
const MINUS = 45;

/** Normalizes one statement text (trimmed, without a trailing `;`). */
export function normalizeSql(sql: string): string {
  const text = trimStatement(sql);
  const starts: number[] = [];
  const ends: number[] = [];
  let highestParam = 0;
  let previous = Previous.Operator;
  // `IS [NOT] NULL` and `IS [NOT] TRUE` are tests, not constants.
  let afterIs = false;
  let i = 0;
  const n = text.length;
  const constant = (start: number, end: number): void => {
    starts.push(start);
    ends.push(end);
    previous = Previous.Operand;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    if (isSpace(c)) {
      i++;
    } else if (c === MINUS && next === MINUS) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
    } else if (c === 47 /* / */ && next === 42 /* * */) {
      i = blockCommentEnd(text, i);
    } else if (c === QUOTE) {
      constant(i, (i = quotedEnd(text, i, false)));
    } else if (c === DOUBLE_QUOTE) {
      i = quotedIdentifierEnd(text, i);
      previous = Previous.Operand;
    } else if (c === DOLLAR && isDigit(next)) {
      let end = i + 1;
      while (end < n && isDigit(text.charCodeAt(end))) end++;
      highestParam = Math.max(highestParam, Number(text.slice(i + 1, end)));
      i = end;
      previous = Previous.Operand;
    } else if (c === DOLLAR) {
      const end = dollarQuotedEnd(text, i);
      if (end === -1) i++;
      else constant(i, (i = end));
    } else if (isDigit(c) || (c === 46 /* . */ && isDigit(next))) {
      constant(i, (i = numberEnd(text, i)));
    } else if (c === MINUS && previous === Previous.Operator && signedNumberFollows(text, i + 1)) {
      let start = i + 1;
      while (isSpace(text.charCodeAt(start))) start++;
      constant(i, (i = numberEnd(text, start)));
    } else if (isIdentStart(c)) {
      let end = i + 1;
      while (end < n && isIdentPart(text.charCodeAt(end))) end++;
      const word = text.slice(i, end);
      const upper = word.toUpperCase();
      // E'..', B'..', X'..' and U&'..' strings start with their prefix letter.
      if (text.charCodeAt(end) === QUOTE && /^[EBXN]$/.test(upper)) {
        constant(i, (i = quotedEnd(text, end, upper === 'E')));
      } else if (upper === 'U' && text.startsWith("&'", end)) {
        constant(i, (i = quotedEnd(text, end + 1, false)));
      } else if (CONSTANT_KEYWORDS.has(upper) && !afterIs) {
        constant(i, (i = end));
      } else {
        i = end;
        previous = SIGN_KEYWORDS.has(upper) ? Previous.Operator : Previous.Operand;
      }
      afterIs = upper === 'IS' || (afterIs && upper === 'NOT');
      continue;
    } else {
      i++;
      previous = c === 41 /* ) */ || c === 93 /* ] */ ? Previous.Operand : Previous.Operator;
    }
    if (!isSpace(c)) afterIs = false;
  }

  if (starts.length === 0) return text;
  let out = '';
  let from = 0;
  for (let k = 0; k < starts.length; k++) {
    out += text.slice(from, starts[k]) + '$' + String(highestParam + k + 1);
    from = ends[k]!;
  }
  return out + text.slice(from);
}

/** pg_stat_statements stores a statement without surrounding whitespace or its terminating `;`. */
function trimStatement(sql: string): string {
  let text = sql.trim();
  while (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
  return text;
}

function blockCommentEnd(text: string, start: number): number {
  let depth = 1;
  let i = start + 2;
  while (i < text.length && depth > 0) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
    } else {
      i++;
    }
  }
  return i;
}

/** End (exclusive) of the '...' string at `start`; `''` is a quote, and `\'` too in E'' strings. */
function quotedEnd(text: string, start: number, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (backslashEscapes && c === 92 /* \ */) {
      i += 2;
    } else if (c === QUOTE) {
      if (text.charCodeAt(i + 1) !== QUOTE) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return text.length;
}

function quotedIdentifierEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text.charCodeAt(i) === DOUBLE_QUOTE) {
      if (text.charCodeAt(i + 1) !== DOUBLE_QUOTE) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return text.length;
}

/** End of the $tag$...$tag$ string at `start`, or -1 when `$` does not open one. */
function dollarQuotedEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text.charCodeAt(i) !== DOLLAR) {
    const c = text.charCodeAt(i);
    if (!(isIdentStart(c) || (i > start + 1 && isDigit(c)))) return -1;
    i++;
  }
  if (i >= text.length) return -1;
  const tag = text.slice(start, i + 1);
  const close = text.indexOf(tag, i + 1);
  return close === -1 ? text.length : close + tag.length;
}

function numberEnd(text: string, start: number): number {
  let i = start;
  const digitsFrom = (from: number): number => {
    let j = from;
    while (j < text.length && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
    return j;
  };
  i = digitsFrom(i);
  if (text.charCodeAt(i) === 46 /* . */ && text.charCodeAt(i + 1) !== 46) i = digitsFrom(i + 1);
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    if (text.charCodeAt(j) === 43 || text.charCodeAt(j) === MINUS) j++;
    if (isDigit(text.charCodeAt(j))) i = digitsFrom(j);
  }
  return i;
}

function signedNumberFollows(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  return isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)));
}

/**
 * A normalized statement without its comments and with its whitespace collapsed: the form both the
 * fingerprint and the label are made of, so statements differing only in comments (sqlcommenter tags
 * carry request data) or layout are one statement. The exporter's perflens_pg_statement_info applies
 * the same rules to pg_stat_statements' text, so the two join on it.
 */
export function collapseStatement(normalized: string): string {
  let out = '';
  let i = 0;
  const n = normalized.length;
  while (i < n) {
    const c = normalized.charCodeAt(i);
    const next = normalized.charCodeAt(i + 1);
    if (c === DOUBLE_QUOTE) {
      const end = quotedIdentifierEnd(normalized, i);
      out += normalized.slice(i, end);
      i = end;
    } else if (c === MINUS && next === MINUS) {
      const end = normalized.indexOf('\n', i);
      i = end === -1 ? n : end;
      out += ' ';
    } else if (c === 47 && next === 42) {
      i = blockCommentEnd(normalized, i);
      out += ' ';
    } else {
      out += normalized[i];
      i++;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * A collapsed statement as a label value: at most 200 characters, its middle cut to ` … ` the way the
 * exporter cuts perflens_pg_statement_info's text, so the engine can join the two.
 */
export function statementLabelText(collapsed: string, maxChars = STATEMENT_TEXT_MAX_CHARS): string {
  return elideStatementText(collapsed, maxChars);
}
