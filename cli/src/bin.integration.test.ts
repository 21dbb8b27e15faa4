import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'perflens.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command users type, run as they run it: a child process of the built bin/perflens.js. */
function perflens(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, timeout: 50_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** A port of 127.0.0.1 held open by this process until close(). */
async function holdPort(): Promise<Server & { port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(server, { port: (server.address() as { port: number }).port });
}

/**
 * The exit-code contract of README.md ("Exit codes") through the real binary (needs `npm run build`; npm test
 * builds first): 0 ok, 1 a gate failed, 2 usage or configuration error. The gates that need a database or a
 * Prometheus are checked beside their commands: advisor/src/cli/advisor-command.bin.integration.test.ts,
 * analysis/src/cli/analyze-command.bin.integration.test.ts, stack/src/services/part-exits.integration.test.ts.
 */
describe('bin/perflens.js', () => {
  let scratch: string;
  beforeAll(() => {
    if (!existsSync(path.join(root, 'cli', 'dist', 'main.js'))) {
      throw new Error('cli/dist/main.js is missing: run "npm run build" (npm test does it first)');
    }
    scratch = mkdtempSync(path.join(os.tmpdir(), 'perflens-bin-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('prints the version of the root package', async () => {
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(await perflens('--version')).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('lists the subcommands and the exit codes in --help', async () => {
    const run = await perflens('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: perflens \[options\] \[command\]/);
    expect(run.stdout).toContain('example [options]');
    expect(run.stdout).toContain('Exit codes: 0 ok, 1 a gate failed');
  });

  describe('usage errors exit 2', () => {
    // Concurrent: each case is one short process, most of it Node loading the workspaces.
    it.concurrent.each([
      ['an unknown subcommand', ['no-such-command'], "error: unknown command 'no-such-command'"],
      ['no subcommand at all', [], 'Usage: perflens [options] [command]'],
      [
        'example --port eighty',
        ['example', '--port', 'eighty'],
        'perflens: --port must be an integer from 0 to 65535, got "eighty"',
      ],
      [
        'demo --port x',
        ['demo', '--port', 'x'],
        'perflens: --port must be an integer from 0 to 65535, got "x"',
      ],
      ['demo with an unknown option', ['demo', '--nope'], "error: unknown option '--nope'"],
      [
        'analyze with an unknown option',
        ['analyze', '--prometheus', 'http://127.0.0.1:9', '--nope'],
        "error: unknown option '--nope'",
      ],
      [
        'analyze without --prometheus',
        ['analyze'],
        "error: required option '--prometheus <url>' not specified",
      ],
      [
        'up with a bad port',
        ['up', '--prometheus-port', 'x'],
        "error: option '--prometheus-port <port>' argument 'x' is invalid",
      ],
    ])('%s', async (_title, args, message) => {
      const run = await perflens(...args);
      expect(run.stderr).toContain(message);
      expect(run.code).toBe(2);
    });
  });

  describe('exporter --check', () => {
    it('exits 0 on a valid configuration', async () => {
      const config = path.join(root, 'exporter', 'examples', 'perflens.example.yaml');
      expect(await perflens('exporter', '--config', config, '--check')).toMatchObject({
        code: 0,
        stdout: `${config}: configuration is valid\n`,
      });
    });

    it('exits 2 and names the file and the error on an invalid configuration', async () => {
      const config = path.join(scratch, 'bad-exporter.yaml');
      writeFileSync(config, 'server:\n  port: eighty\n');
      const run = await perflens('exporter', '--config', config, '--check');
      expect(run.stderr).toMatch(new RegExp(`^perflens exporter: invalid configuration\\n.*${config}`));
      expect(run.code).toBe(2);
    });
  });

  describe('slo generate', () => {
    const spec = path.join(root, 'alert-rules', 'slo.yaml');

    it('exits 0 when it writes the rules, 0 for --check on the file it wrote, 1 for --check on a stale file', async () => {
      const out = path.join(scratch, 'slo.rules.yml');
      expect(await perflens('slo', 'generate', '--spec', spec, '--out', out)).toMatchObject({
        code: 0,
        stdout: `${out}: written\n`,
      });
      expect(await perflens('slo', 'generate', '--spec', spec, '--out', out, '--check')).toMatchObject({
        code: 0,
        stdout: `${out}: unchanged\n`,
      });
      writeFileSync(out, 'groups: []\n');
      expect(await perflens('slo', 'generate', '--spec', spec, '--out', out, '--check')).toEqual({
        code: 1,
        stdout: `${out}: stale\n`,
        stderr: `${out} is stale: run "perflens slo generate"\n`,
      });
    });

    it('exits 2 and names the file and field of an invalid SLO file', async () => {
      const bad = path.join(scratch, 'bad-slo.yaml');
      writeFileSync(bad, 'version: perflens/v2\nservices: []\n');
      const run = await perflens('slo', 'generate', '--spec', bad, '--out', path.join(scratch, 'unused.yml'));
      expect(run.stderr).toMatch(new RegExp(`^${bad}: invalid SLO file\\n  - version: `));
      expect(run.stderr).not.toContain('--help');
      expect(run.code).toBe(2);
    });
  });

  it('analyze exits 2 when Prometheus does not answer', async () => {
    const closed = await holdPort();
    await new Promise((resolve) => closed.close(resolve));
    const run = await perflens(
      'analyze',
      '--prometheus',
      `http://127.0.0.1:${closed.port}`,
      '--job',
      'demo-api',
    );
    expect(run.stderr).toContain(`Prometheus at http://127.0.0.1:${closed.port} is unreachable`);
    expect(run.code).toBe(2);
  });

  it('up exits 2 before starting anything when one of its ports is in use', async () => {
    const busy = await holdPort();
    const dataDir = path.join(scratch, 'up');
    try {
      const run = await perflens(
        'up',
        '--no-install',
        '--data-dir',
        dataDir,
        '--prometheus-port',
        String(busy.port),
      );
      expect(run.stderr).toMatch(
        new RegExp(
          `^perflens up: ports already in use on 127\\.0\\.0\\.1: .*${busy.port} \\(prometheus; change it with --prometheus-port\\)`,
        ),
      );
      expect(run.code).toBe(2);
      // The preflight runs first: no folder, no log, no process was started.
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
