import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@perflens/test-harness';
import { DEFAULT_PORTS, REPO_ROOT } from './stack-options';

const bin = path.join(REPO_ROOT, 'bin', 'perflens.js');

/** Every descendant of `pid` (PostgreSQL's backends included), from ps. */
function descendants(pid: number): number[] {
  const rows = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) if (ppid === parent) found.push(child, ...(walk(child), []));
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

/** `perflens up` as users run it (needs `npm run build`; npm test builds first). */
describe('perflens up', () => {
  let dataDir: string;
  let up: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    if (!existsSync(path.join(REPO_ROOT, 'cli', 'dist', 'main.js')))
      throw new Error('run "npm run build" first');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-up-'));
    // As root, PostgreSQL runs as the postgres account, which must be able to enter the folder.
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => {
    if (up?.pid !== undefined && alive(up.pid)) up.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts every part, every Prometheus target becomes up, and SIGTERM leaves no process behind', async () => {
    const ports: number[] = [];
    while (ports.length < Object.keys(DEFAULT_PORTS).length) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const portArgs = Object.keys(DEFAULT_PORTS).flatMap((name, i) => [`--${name}-port`, String(ports[i])]);
    up = spawn(process.execPath, [
      bin,
      'up',
      '--data-dir',
      dataDir,
      '--scale',
      '0.02',
      '--rate',
      '5',
      '--status-every',
      '0',
      '--no-install',
      ...portArgs,
    ]);
    up.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    up.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => up!.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 150_000;
    while (!output.includes('Ctrl-C stops everything')) {
      if (up.exitCode !== null || Date.now() > deadline)
        throw new Error(`perflens up did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const prometheusUrl = `http://127.0.0.1:${ports[2]}`;
    let health: Array<[string, string]> = [];
    while (Date.now() < deadline) {
      const body = (await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as {
        data: { activeTargets: Array<{ labels: { job: string }; health: string }> };
      };
      health = body.data.activeTargets.map((t) => [t.labels.job, t.health] as [string, string]).sort();
      if (health.length === 4 && health.every(([, h]) => h === 'up')) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(health).toEqual([
      ['alertmanager', 'up'],
      ['demo-api', 'up'],
      ['perflens-exporter', 'up'],
      ['prometheus', 'up'],
    ]);
    for (const name of ['postgres', 'demo', 'exporter', 'alertmanager', 'prometheus', 'traffic']) {
      expect(output).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }

    const children = descendants(up.pid!);
    expect(children.length).toBeGreaterThanOrEqual(5);
    up.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('perflens up: stopped');
    // A zombie (stat Z) has exited; it only waits for a container without an init process to reap it.
    const left = children
      .filter(alive)
      .map((pid) =>
        spawnSync('ps', ['-o', 'pid=,stat=,args=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim(),
      )
      .filter((line) => line !== '' && !/^\d+\s+Z/.test(line));
    expect(left).toEqual([]);
  }, 200_000);
});
