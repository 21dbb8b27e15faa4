import { Client } from 'pg';

/** The superuser (`postgres`, trust auth) connection string of a local server for `database`. */
export function postgresUrl(host: string, port: number, database = 'postgres'): string {
  const url = new URL(`postgres://postgres@${host}:${port}/`);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * The readiness probe of a PostgreSQL server: true once `SELECT 1` succeeds; "the database system is
 * starting up" and a refused connection both count as not yet. Gives up on a connection after a second.
 */
export async function acceptsConnections(connectionString: string): Promise<boolean> {
  const client = new Client({ connectionString, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  let connected = false;
  try {
    await client.connect();
    connected = true;
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    if (connected) await client.end().catch(() => undefined);
  }
}

/** Runs `use` on a fresh connection to `connectionString` and always closes it afterwards. */
export async function withPostgresClient<T>(
  connectionString: string,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
