import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildProgram, runProgram } from './program';

function capture(program: Command): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  program.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  return { out, err };
}

const rootVersion = (
  JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

describe('perflens program', () => {
  it('prints the root package version for --version and exits 0', async () => {
    const program = buildProgram([]);
    const { out } = capture(program);
    expect(await runProgram(program, ['node', 'perflens', '--version'])).toBe(0);
    expect(out.join('')).toBe(`${rootVersion}\n`);
  });

  it('lists registered subcommands in --help', async () => {
    const program = buildProgram([(p) => p.command('demo-sub').description('a registered subcommand')]);
    const { out } = capture(program);
    expect(await runProgram(program, ['node', 'perflens', '--help'])).toBe(0);
    expect(out.join('')).toContain('demo-sub');
    expect(out.join('')).toContain('a registered subcommand');
  });

  it('runs a registered subcommand action', async () => {
    const calls: string[] = [];
    const program = buildProgram([
      (p) =>
        p.command('echo <word>').action((word: string) => {
          calls.push(word);
        }),
    ]);
    expect(await runProgram(program, ['node', 'perflens', 'echo', 'hello'])).toBe(0);
    expect(calls).toEqual(['hello']);
  });

  it('rejects an unknown subcommand with a non-zero exit code and names it', async () => {
    const program = buildProgram([(p) => p.command('known')]);
    const { err } = capture(program);
    expect(await runProgram(program, ['node', 'perflens', 'nope'])).toBe(1);
    expect(err.join('')).toContain("unknown command 'nope'");
  });
});
