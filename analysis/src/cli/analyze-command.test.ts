import { freePort } from '@perflens/test-harness';
import { Command } from 'commander';
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
