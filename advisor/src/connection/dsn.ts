import { parse } from 'pg-connection-string';

/** The database a DSN connects to, as PostgreSQL would default it (to the user name, then "postgres"). */
export function databaseOfDsn(dsn: string): string {
  const parsed = parse(dsn);
  return parsed.database || parsed.user || process.env.PGDATABASE || process.env.PGUSER || 'postgres';
}

/**
 * A DSN safe to log: the password and every query parameter that can carry a secret are masked. The
 * pg driver repeats the connection string in some errors, so errors pass through redactSecrets too.
 */
export function redactDsn(dsn: string): string {
  try {
    const url = new URL(dsn);
    if (url.password !== '') url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/pass|secret|key|token/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    // Not a URL (a bare socket path, say): keep nothing that could be a secret.
    return '<unparseable DSN>';
  }
}

/** Removes a known password from a message before it reaches a log line or a metric. */
export function redactSecrets(message: string, dsn: string): string {
  const password = safePassword(dsn);
  return password ? message.split(password).join('***') : message;
}

function safePassword(dsn: string): string | undefined {
  try {
    const password = parse(dsn).password;
    return password && password.length > 0 ? password : undefined;
  } catch {
    return undefined;
  }
}
