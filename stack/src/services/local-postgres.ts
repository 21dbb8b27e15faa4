import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { POSTGRES_BIN_DIR } from './preflight';
import { type ProcessGroup, waitReady } from './process-group';

/**
 * Starts the stack's PostgreSQL 15 from <dataDir>/postgres (initdb on first use; later starts reuse it, so
 * the demo's seed is skipped), listening on 127.0.0.1 only, with pg_stat_statements preloaded. As root it
 * runs as the `postgres` account, because PostgreSQL refuses to run as root (docs 19.1).
 */
export async function startLocalPostgres(
  group: ProcessGroup,
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<string> {
  const user = process.getuid?.() === 0 ? postgresAccount() : undefined;
  // The postgres account must be able to reach its folder; under /root (mode 700) it cannot.
  const inDataDir = path.join(dataDir, 'postgres');
  const dir =
    user && !othersCanTraverse(dataDir) ? path.join(os.tmpdir(), `perflens-up-postgres-${port}`) : inDataDir;
  if (dir !== inDataDir) log(`PostgreSQL data in ${dir}: the postgres account cannot enter ${dataDir}`);
  const pgdata = path.join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  if (user) chownSync(dir, user.uid, user.gid);
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    const init = spawnSync(
      `${POSTGRES_BIN_DIR}/initdb`,
      ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions'],
      { encoding: 'utf8', ...asUser },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    appendFileSync(
      path.join(pgdata, 'postgresql.conf'),
      `\n# perflens up\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n` +
        "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n" +
        'track_io_timing = on\nmax_connections = 100\n',
    );
  }
  const server = group.start('postgres', `${POSTGRES_BIN_DIR}/postgres`, ['-D', pgdata, '-p', String(port)], {
    ...asUser,
    // SIGINT is PostgreSQL's fast shutdown (docs 19.5).
    stopSignal: 'SIGINT',
  });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitReady(server, () => canQuery(adminUrl), 60_000);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'shop'");
    if (exists.rowCount === 0) await client.query('CREATE DATABASE shop');
  } finally {
    await client.end();
  }
  const shopUrl = `postgres://postgres@127.0.0.1:${port}/shop`;
  const shop = new Client({ connectionString: shopUrl });
  await shop.connect();
  await shop.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').finally(() => shop.end());
  return shopUrl;
}

function othersCanTraverse(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}

async function canQuery(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function postgresAccount(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line)
    throw new Error('running as root without a "postgres" account: apt-get install postgresql creates it');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
