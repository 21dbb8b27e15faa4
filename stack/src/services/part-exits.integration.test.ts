import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, useSharedPostgres } from '@perflens/test-harness';
import { DEFAULT_PORTS, REPO_ROOT } from '../cli/stack-options';

const bin = path.join(REPO_ROOT, 'bin', 'perflens.js');

/** pid and command line of every descendant of `pid`, from ps. */
function descendants(pid: number): Array<{ pid: number; args: string }> {
  const rows = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((line) => {
      const [, child, parent, args] = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line) ?? [];
      return { pid: Number(child), ppid: Number(parent), args: args ?? '' };
    });
  const found: Array<{ pid: number; args: string }> = [];
  const walk = (parent: number) => {
    for (const row of rows)
      if (row.ppid === parent) {
        found.push({ pid: row.pid, args: row.args });
        walk(row.pid);
      }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `perflens up` when a part dies under it (stack/README.md, "Logs and errors"): the built binary, with your
 * service and database instead of the demo and PostgreSQL (so only the exporter, the alert sinks, Alertmanager
 * and Prometheus start), then the exporter is killed.
 */
describe('perflens up when a part dies', () => {
  const database = useSharedPostgres();
  let dataDir: string;
  let up: ChildProcess | undefined;

  beforeAll(() => {
    if (!existsSync(path.join(REPO_ROOT, 'cli', 'dist', 'main.js')))
      throw new Error('cli/dist/main.js is missing: run "npm run build" (npm test does it first)');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-up-exits-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => {
    if (up?.pid !== undefined && alive(up.pid)) up.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the dead part, its exit and the last lines of its log, stops the others and exits 2', async () => {
    const ports: number[] = [];
    while (ports.length < Object.keys(DEFAULT_PORTS).length) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const portArgs = Object.keys(DEFAULT_PORTS).flatMap((name, i) => [`--${name}-port`, String(ports[i])]);
    const target = `127.0.0.1:${await freePort()}`;
    up = spawn(process.execPath, [
      bin,
      'up',
      '--data-dir',
      dataDir,
      '--target',
      target,
      '--database-url',
      database().connectionString,
      '--status-every',
      '0',
      '--no-install',
      ...portArgs,
    ]);
    let stdout = '';
    let stderr = '';
    up.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    up.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => up!.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 45_000;
    while (!stdout.includes('Ctrl-C stops everything')) {
      if (up.exitCode !== null || Date.now() > deadline)
        throw new Error(`perflens up did not start:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const children = descendants(up.pid!);
    const exporter = children.find((c) => /perflens\.js exporter --config/.test(c.args));
    expect(exporter).toBeDefined();
    process.kill(exporter!.pid, 'SIGKILL');

    expect(await exited).toBe(2);
    const logFile = path.join(dataDir, 'logs', 'exporter.log');
    // The log's last lines end with the exporter's start banner (pino JSON), the newest lines it wrote.
    expect(stderr).toMatch(
      new RegExp(`^perflens up: exporter was killed by SIGKILL; last lines of ${logFile}:\\n[^]*exporter`),
    );
    expect(stdout).toContain('perflens up: stopping the other parts\nperflens up: stopped\n');
    // Nothing is left running (a zombie, stat Z, has exited: only its reaping is pending).
    const left = children
      .map((c) => c.pid)
      .filter(alive)
      .map((pid) =>
        spawnSync('ps', ['-o', 'pid=,stat=,args=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim(),
      )
      .filter((line) => line !== '' && !/^\d+\s+Z/.test(line));
    expect(left).toEqual([]);
  }, 60_000);
});
