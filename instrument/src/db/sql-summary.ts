/**
 * Operation and table names for db_client_operation_duration_seconds, read from the statement text
 * without a SQL parser: a best-effort first keyword and first table, as the OpenTelemetry database
 * conventions allow (db.operation.name, db.collection.name "SHOULD NOT be extracted" when ambiguous).
 * Pure: statement-cache.ts runs it once per distinct text, with the normalization.
 */

const KNOWN_OPERATIONS = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'WITH',
  'BEGIN',
  'START',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
  'SET',
  'SHOW',
  'RESET',
  'CREATE',
  'ALTER',
  'DROP',
  'TRUNCATE',
  'COPY',
  'EXPLAIN',
  'ANALYZE',
  'VACUUM',
  'LISTEN',
  'UNLISTEN',
  'NOTIFY',
  'CALL',
  'DO',
  'LOCK',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'DECLARE',
  'FETCH',
  'CLOSE',
  'GRANT',
  'REVOKE',
  'REFRESH',
  'CLUSTER',
  'REINDEX',
  'DISCARD',
  'TABLE',
  'VALUES',
]);

export const OTHER_OPERATION = 'OTHER';
const IDENTIFIER = String.raw`((?:"[^"]{1,63}"|[A-Za-z_][\w$]{0,62})(?:\.(?:"[^"]{1,63}"|[A-Za-z_][\w$]{0,62}))?)`;
const COLLECTION_PATTERNS: Record<string, RegExp> = {
  SELECT: new RegExp(String.raw`\bFROM\s+(?:ONLY\s+)?${IDENTIFIER}`, 'i'),
  DELETE: new RegExp(String.raw`\bFROM\s+(?:ONLY\s+)?${IDENTIFIER}`, 'i'),
  WITH: new RegExp(String.raw`\bFROM\s+(?:ONLY\s+)?${IDENTIFIER}`, 'i'),
  INSERT: new RegExp(String.raw`\bINTO\s+${IDENTIFIER}`, 'i'),
  UPDATE: new RegExp(String.raw`^\s*UPDATE\s+(?:ONLY\s+)?${IDENTIFIER}`, 'i'),
  COPY: new RegExp(String.raw`^\s*COPY\s+${IDENTIFIER}`, 'i'),
  TRUNCATE: new RegExp(String.raw`^\s*TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?${IDENTIFIER}`, 'i'),
};

export interface SqlSummary {
  operation: string;
  /** Table name as written (schema-qualified when it was), unquoted; '' when none could be read. */
  collection: string;
}

/** Strips leading whitespace, comments and parentheses so a commented or parenthesized SELECT reads as SELECT. */
function skipPreamble(text: string): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.replace(/^[\s(]+/, '');
    if (trimmed.startsWith('--')) {
      const newline = trimmed.indexOf('\n');
      rest = newline === -1 ? '' : trimmed.slice(newline + 1);
    } else if (trimmed.startsWith('/*')) {
      const close = trimmed.indexOf('*/');
      rest = close === -1 ? '' : trimmed.slice(close + 2);
    } else {
      return trimmed;
    }
  }
}

export function summarizeSql(text: string): SqlSummary {
  const body = skipPreamble(text);
  const keyword = /^[A-Za-z]+/.exec(body)?.[0]?.toUpperCase() ?? '';
  const operation = KNOWN_OPERATIONS.has(keyword) ? keyword : OTHER_OPERATION;
  const pattern = COLLECTION_PATTERNS[operation];
  const match = pattern?.exec(body)?.[1];
  return { operation, collection: match === undefined ? '' : match.replace(/"/g, '') };
}
