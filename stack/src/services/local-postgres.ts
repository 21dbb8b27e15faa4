import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  postgresCanEnter,
  type ProcessGroup,
  startPostgresServer,
  withPostgresClient,
} from '@perflens/supervisor';

/**
 * Starts the stack's PostgreSQL 15 from <dataDir>/postgres (initdb on first use; later starts reuse it, so
 * the demo's seed is skipped), listening on 127.0.0.1 only, with pg_stat_statements preloaded and I/O
 * timing on for the exporter's statement metrics. Returns the URL of the `shop` database, created with
 * pg_stat_statements on first use.
 */
export async function startLocalPostgres(
  group: ProcessGroup,
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<string> {
  const server = group.add(
    'postgres',
    await startPostgresServer({
      dir: clusterFolder(dataDir, port, log),
      port,
      settings: { track_io_timing: 'on', max_connections: '100' },
      startupTimeoutMs: 60_000,
      logFile: group.logFile('postgres'),
    }),
  );
  await withPostgresClient(server.connectionString(), async (client) => {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'shop'");
    if (exists.rowCount === 0) await client.query('CREATE DATABASE shop');
  });
  const shopUrl = server.connectionString('shop');
  await withPostgresClient(shopUrl, (client) =>
    client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'),
  );
  return shopUrl;
}

/**
 * <dataDir>/postgres, unless PostgreSQL (as root: the postgres account) cannot enter <dataDir>, as under
 * /root (mode 700); then a folder of /tmp named after the port, so a restart still finds its data.
 */
function clusterFolder(dataDir: string, port: number, log: (line: string) => void): string {
  mkdirSync(dataDir, { recursive: true });
  if (postgresCanEnter(dataDir)) return path.join(dataDir, 'postgres');
  const fallback = path.join(os.tmpdir(), `perflens-up-postgres-${port}`);
  log(`PostgreSQL data in ${fallback}: the postgres account cannot enter ${dataDir}`);
  return fallback;
}
