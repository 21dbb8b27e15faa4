import { freePort } from '@perflens/test-harness';
import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerAnalyzeCommand } from './analyze-command';

const SLO_FILE = path.join(__dirname, '..', '..', '..', 'alert-rules', 'slo.yaml');

/** Runs `perflens analyze` through commander as cli/ assembles it (exitOverride: errors become exit codes). */
async function run(args: string[]): Promise<{ exitCode: number; stderr: string }> {
  let stderr = '';
  const program = new Command('perflens')
    .exitOverride()
    .configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => undefined });
  registerAnalyzeCommand(program);
  try {
    await program.parseAsync(['node', 'perflens', 'analyze', ...args]);
    return { exitCode: 0, stderr };
  } catch (error) {
    return { exitCode: (error as { exitCode: number }).exitCode, stderr };
  }
}

describe('perflens analyze usage errors exit 2', () => {
  it.each([
    ['a missing --prometheus', ['--job', 'x'], "error: required option '--prometheus <url>' not specified\n"],
    [
      'an unknown option',
      ['--prometheus', 'http://127.0.0.1:1', '--verbose'],
      "error: unknown option '--verbose'\n",
    ],
    [
      'a bad --format',
      ['--prometheus', 'http://127.0.0.1:1', '--job', 'x', '--format', 'html'],
      'perflens analyze: --format must be one of table, markdown, json, junit, got "html"\n',
    ],
    [
      'a missing SLO file',
      ['--prometheus', 'http://127.0.0.1:1', '--job', 'x', '--slo', 'no-such-slo.yaml'],
      'perflens analyze: --slo: no-such-slo.yaml does not exist\n',
    ],
    [
      '--spec and --slo naming two files',
      ['--prometheus', 'http://127.0.0.1:1', '--job', 'x', '--slo', 'a.yaml', '--spec', 'b.yaml'],
      'perflens analyze: --spec is another name for --slo: give one SLO file\n',
    ],
    [
      'an SLO file given with --spec (slo generate’s spelling) that has no service with the job',
      ['--prometheus', 'http://127.0.0.1:1', '--job', 'x', '--spec', SLO_FILE],
      `perflens analyze: --slo: ${SLO_FILE} has no service with job "x" (its services' jobs: demo-api); give the service's own SLO file, or leave --slo out to use the defaults\n`,
    ],
  ])('%s', async (_title, args, stderr) => {
    expect(await run(args)).toEqual({ exitCode: 2, stderr });
  });

  it('an unreachable Prometheus, with a clear message', async () => {
    const port = await freePort();
    const result = await run([
      '--prometheus',
      `http://127.0.0.1:${port}`,
      '--job',
      'demo-api',
      '--slo',
      SLO_FILE,
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^perflens analyze: Prometheus at http://127\\.0\\.0\\.1:${port} is unreachable: fetch failed \\(ECONNREFUSED\\)\\n$`,
      ),
    );
  });
});

describe('perflens analyze --advice', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'perflens-advice-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  const args = (advice: string) => ['--prometheus', 'http://127.0.0.1:1', '--job', 'x', '--advice', advice];

  it('names a missing file, exit 2', async () => {
    const missing = path.join(dir, 'none.json');
    expect(await run(args(missing))).toEqual({
      exitCode: 2,
      stderr: `perflens analyze: --advice: ${missing} does not exist\n`,
    });
  });

  it('names a file that is not JSON, exit 2', async () => {
    const bad = file('bad.json', '{ not json');
    const result = await run(args(bad));
    expect(result.exitCode).toBe(2);
    expect(result.stderr.startsWith(`perflens analyze: --advice: ${bad} is not valid JSON: `)).toBe(true);
  });

  it('names JSON that is not an advisor report, exit 2', async () => {
    const other = file('other.json', JSON.stringify({ findings: [] }));
    expect(await run(args(other))).toEqual({
      exitCode: 2,
      stderr: `perflens analyze: --advice: ${other} is not a perflens advisor report (perflens advisor --format json): it needs "database" and "recommendations"\n`,
    });
  });
});
