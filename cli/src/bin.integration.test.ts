import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'perflens.js');

/** The command users type, run as they run it: needs `npm run build` (npm test builds first). */
describe('bin/perflens.js', () => {
  beforeAll(() => {
    if (!existsSync(path.join(root, 'cli', 'dist', 'main.js'))) {
      throw new Error('cli/dist/main.js is missing: run "npm run build" (npm test does it first)');
    }
  });

  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

  it('prints the version of the root package', () => {
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(run('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  it('lists the example subcommand in --help', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: perflens \[options\] \[command\]/);
    expect(result.stdout).toContain('example [options]');
  });

  it('exits 1 and names an unknown subcommand', () => {
    const result = run('no-such-command');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("error: unknown command 'no-such-command'");
  });

  it('rejects a bad option value with a message naming it', () => {
    const result = run('example', '--port', 'eighty');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('perflens: --port must be an integer from 0 to 65535, got "eighty"');
  });
});
