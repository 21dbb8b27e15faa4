import { Command, CommanderError, InvalidArgumentError } from 'commander';
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

  it('rejects an unknown subcommand with exit code 2 (usage) and names it', async () => {
    const program = buildProgram([(p) => p.command('known')]);
    const { err } = capture(program);
    expect(await runProgram(program, ['node', 'perflens', 'nope'])).toBe(2);
    expect(err.join('')).toContain("unknown command 'nope'");
  });

  it("exits 2 on a subcommand's unknown option and on a value its parser rejects", async () => {
    const register = (p: Command) => {
      p.command('sub')
        .option('--count <n>', 'a number', (value: string) => {
          if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected digits');
          return Number(value);
        })
        .action(() => undefined);
    };
    const unknown = buildProgram([register]);
    unknown.commands[0]!.configureOutput({ writeErr: () => undefined });
    expect(await runProgram(unknown, ['node', 'perflens', 'sub', '--nope'])).toBe(2);
    const invalid = buildProgram([register]);
    invalid.commands[0]!.configureOutput({ writeErr: () => undefined });
    expect(await runProgram(invalid, ['node', 'perflens', 'sub', '--count', 'x'])).toBe(2);
  });

  it.each([
    { title: 'a gate that failed (1)', exitCode: 1 },
    { title: 'a configuration error (2)', exitCode: 2 },
  ])('returns the code of a CommanderError a subcommand throws: $title', async ({ exitCode }) => {
    const program = buildProgram([
      (p) =>
        p.command('gate').action(() => {
          throw new CommanderError(exitCode, 'test.gate', 'gate');
        }),
    ]);
    expect(await runProgram(program, ['node', 'perflens', 'gate'])).toBe(exitCode);
  });

  it("keeps exit code 1 of command.error() in a subcommand: only commander's usage errors become 2", async () => {
    const program = buildProgram([
      (p) => {
        const gate = p.command('gate');
        gate.action(() => gate.error('stale', { exitCode: 1 }));
      },
    ]);
    const errors: string[] = [];
    program.commands[0]!.configureOutput({ writeErr: (text) => errors.push(text) });
    expect(await runProgram(program, ['node', 'perflens', 'gate'])).toBe(1);
    expect(errors.join('')).toContain('stale');
  });

  it('exits 2 and prints the message of any other error a subcommand throws', async () => {
    const program = buildProgram([
      (p) =>
        p.command('broken').action(async () => {
          await Promise.resolve();
          throw new Error('database unreachable');
        }),
    ]);
    const { err } = capture(program);
    expect(await runProgram(program, ['node', 'perflens', 'broken'])).toBe(2);
    expect(err.join('')).toBe('perflens: database unreachable\n');
  });
});
