/**
 * error_type for a failed query, from a bounded set: the SQLSTATE for server errors (about 260 codes,
 * e.g. 57014 for a cancelled statement), the errno name for socket errors, `timeout` for pg's client-side
 * query_timeout, `_OTHER` for anything else. Messages never become labels: they can contain data.
 */
export function pgErrorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  if (typeof code === 'string' && /^E[A-Z]{2,20}$/.test(code)) return code;
  if (error instanceof Error && /timeout/i.test(error.message)) return 'timeout';
  return '_OTHER';
}
