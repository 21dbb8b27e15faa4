import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  postgresCanEnter,
  postgresExtensionPackages,
  type ProcessGroup,
  startPostgresServer,
  withPostgresClient,
} from '@perflens/supervisor';

/**
 * Starts the stack's PostgreSQL 15 from <dataDir>/postgres (initdb on first use; later starts reuse it, so
 * the demo's seed is skipped), listening on 127.0.0.1 only, with pg_stat_statements preloaded and I/O
 * timing on for the exporter's statement metrics. Returns the URL of the `shop` database, created with
 * pg_stat_statements on first use, and with hypopg, so the advisor proves its index advice with hypothetical
 * indexes instead of leaving it unverified.
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
  await withPostgresClient(shopUrl, async (client) => {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const hypopg = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'");
    if (hypopg.rowCount === 0) {
      // Not fatal: everything but the advisor's proof works without it; say what the advice will lack.
      log(
        `warning: hypopg is not installed, so the advisor's index advice stays unverified ` +
          `(install it with: sudo apt-get install ${postgresExtensionPackages.hypopg})`,
      );
    } else await client.query('CREATE EXTENSION IF NOT EXISTS hypopg');
  });
  return shopUrl;
}

/** Where the cluster lives when the postgres account cannot enter the data folder (see clusterFolder). */
export function clusterFallbackFolder(port: number): string {
  return path.join(os.tmpdir(), `perflens-up-postgres-${port}`);
}

/**
 * <dataDir>/postgres, unless PostgreSQL (as root: the postgres account) cannot enter <dataDir>, as under
 * /root (mode 700); then a folder of /tmp named after the port, so a restart still finds its data.
 */
function clusterFolder(dataDir: string, port: number, log: (line: string) => void): string {
  mkdirSync(dataDir, { recursive: true });
  if (postgresCanEnter(dataDir)) return path.join(dataDir, 'postgres');
  const fallback = clusterFallbackFolder(port);
  log(`PostgreSQL data in ${fallback}: the postgres account cannot enter ${dataDir}`);
  return fallback;
}
