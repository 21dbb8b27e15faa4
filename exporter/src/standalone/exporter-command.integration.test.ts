import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const fixture = path.join(__dirname, '..', '..', 'test', 'fixtures', 'exporter-process.fixture.ts');
const node = (args: string[]) =>
  [process.execPath, ['--require', 'tsx/cjs', fixture, 'exporter', ...args]] as const;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-command-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('perflens exporter as a process', () => {
  it('exits 2 with every configuration problem on stderr', () => {
    const file = configFile('bad.yaml', 'server:\n  port: 99999\nrum:\n  allowedOrigins: ["shop"]\n');
    const [command, args] = node(['--config', file]);
    const result = spawnSync(command, args, { encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([
      2,
      [
        'perflens exporter: invalid configuration',
        `${file}: server.port: Too big: expected number to be <=65535`,
        `${file}: rum.allowedOrigins[0]: expected an origin such as https://shop.example.com (scheme and host, no path or trailing slash)`,
        '',
      ].join('\n'),
    ]);
  });

  it('validates a configuration with --check without starting', () => {
    const file = configFile('good.yaml', 'server:\n  port: 9464\n');
    const [command, args] = node(['--config', file, '--check']);
    const result = spawnSync(command, args, { encoding: 'utf8' });
    expect([result.status, result.stdout]).toEqual([0, `${file}: configuration is valid\n`]);
  });

  it('serves until SIGTERM, then stops accepting, drains and exits 0', async () => {
    const file = configFile(
      'run.yaml',
      'server:\n  host: 127.0.0.1\n  port: 0\npostgres:\n  databases:\n    - dsn: postgres://exporter:s3cr3t-pw@127.0.0.1:1/shop\n',
    );
    const [command, args] = node(['--config', file]);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const logs: Record<string, unknown>[] = [];
    let stdout = '';
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        stdout += `${line}\n`;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'perflens exporter listening') resolve(entry.url as string);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${String(code)}`)));
    });
    const url = await listening;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // A scrape against an unreachable database: pg_up 0, and the warning must not leak the password.
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('pg_up{datname="shop"} 0');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'perflens exporter listening',
        'PostgreSQL scrape failed; pg_up is 0 until it succeeds again',
        'shutting down',
        'perflens exporter stopped',
      ]),
    );
    expect(stdout).not.toContain('s3cr3t-pw');
    expect(stdout).toContain('postgres://exporter:***@127.0.0.1:1/shop');
  });
});
