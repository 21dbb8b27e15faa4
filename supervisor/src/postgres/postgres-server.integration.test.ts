import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../process/free-port';
import { ServiceStartError } from '../process/managed-process';
import { isRunning } from '../process/process-status';
import { startPostgresServer } from './postgres-server';

async function queryRows<T>(connectionString: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const setting = async (url: string, name: string) =>
  (await queryRows<{ value: string }>(url, `SELECT current_setting('${name}') AS value`))[0]?.value;

const count = (text: string, part: string) => text.split(part).length - 1;

describe('startPostgresServer in a kept folder on a fixed port', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'perflens-kept-postgres-'));
    // As root, PostgreSQL runs as the postgres account, which must be able to enter the folder.
    chmodSync(scratch, 0o755);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('creates a durable cluster once, keeps it across stops, and logs both starts to one file', async () => {
    const dir = path.join(scratch, 'postgres');
    const logFile = path.join(scratch, 'logs', 'postgres.log');
    const port = await freePort();
    const first = await startPostgresServer({ dir, port, logFile, settings: { work_mem: '3MB' } });
    try {
      expect([first.port, first.dir, first.dataDir]).toEqual([port, dir, path.join(dir, 'data')]);
      expect(first.connectionString('shop')).toBe(`postgres://postgres@127.0.0.1:${port}/shop`);
      const url = first.connectionString();
      expect([await setting(url, 'fsync'), await setting(url, 'work_mem')]).toEqual(['on', '3MB']);
      expect(await setting(url, 'shared_preload_libraries')).toBe('pg_stat_statements');
      await queryRows(url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('first start')");
    } finally {
      await first.stop();
    }
    expect(first.pid).toBeUndefined();
    expect(existsSync(path.join(dir, 'data', 'PG_VERSION'))).toBe(true);

    const secondPort = await freePort();
    const second = await startPostgresServer({
      dir,
      port: secondPort,
      logFile,
      settings: { work_mem: '5MB' },
    });
    try {
      const url = second.connectionString();
      expect(await queryRows(url, 'SELECT v FROM kept')).toEqual([{ v: 'first start' }]);
      // Settings are written when the cluster is created; a kept cluster keeps its own.
      expect(await setting(url, 'work_mem')).toBe('3MB');
    } finally {
      await second.stop();
    }
    const log = readFileSync(logFile, 'utf8');
    expect(count(log, 'initdb started (pid')).toBe(1);
    expect(count(log, 'postgres started (pid')).toBe(2);
    expect(count(log, 'database system is ready to accept connections')).toBe(2);
  });

  it('fails on a taken fixed port without trying another, naming the log file', async () => {
    // Hangs up at once, so the readiness probe's connections never keep close() waiting.
    const busy = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    const logFile = path.join(scratch, 'logs', 'busy.log');
    try {
      const error = await startPostgresServer({ dir: path.join(scratch, 'busy'), port, logFile }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ServiceStartError);
      expect((error as ServiceStartError).portInUse).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^postgres \\(pid \\d+\\) exited with code 1 while starting\\n[\\s\\S]*whole output: ${logFile}$`,
        ),
      );
      expect(count(readFileSync(logFile, 'utf8'), 'postgres started (pid')).toBe(1);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});

describe('startPostgresServer in a temporary folder', () => {
  it('creates a non-durable cluster on a free port and removes it on stop', async () => {
    const server = await startPostgresServer();
    const pid = server.pid as number;
    try {
      expect(await setting(server.connectionString(), 'fsync')).toBe('off');
      expect(server.dir.startsWith(path.join(os.tmpdir(), 'perflens-postgres-'))).toBe(true);
    } finally {
      await server.stop();
    }
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });
});
