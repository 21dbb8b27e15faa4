import { Command, CommanderError } from 'commander';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerSloCommand } from './slo-command';

const sloFile = path.join(__dirname, '../../slo.yaml');

describe('perflens slo generate', () => {
  let dir: string;
  let errors: string[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'perflens-slo-'));
    errors = [];
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  async function run(...args: string[]): Promise<number> {
    // The same wiring as cli/src/program.ts (exit codes instead of process.exit), without depending on the CLI.
    const program = new Command('perflens').exitOverride();
    program.configureOutput({ writeErr: (text) => errors.push(text), writeOut: () => undefined });
    registerSloCommand(program);
    try {
      await program.parseAsync(['node', 'perflens', 'slo', 'generate', ...args]);
      return 0;
    } catch (error) {
      if (error instanceof CommanderError) return error.exitCode;
      throw error;
    }
  }

  it.each([
    {
      title: 'writes the committed rules from the committed SLO file',
      check: false,
      existing: null,
      code: 0,
    },
    { title: 'passes --check when the rule file is current', check: true, existing: 'current', code: 0 },
    { title: 'fails --check when the rule file is stale', check: true, existing: 'stale', code: 1 },
  ])('$title', async ({ check, existing, code }) => {
    const out = path.join(dir, 'slo.rules.yml');
    const committed = path.join(__dirname, '../../generated/slo.rules.yml');
    if (existing === 'current') copyFileSync(committed, out);
    if (existing === 'stale') writeFileSync(out, 'groups: []\n');
    expect(await run('--spec', sloFile, '--out', out, ...(check ? ['--check'] : []))).toBe(code);
    if (!check) expect(readFileSync(out, 'utf8')).toBe(readFileSync(committed, 'utf8'));
  });

  it('takes --slo, perflens analyze’s spelling, as --spec; refuses two different files with exit 2', async () => {
    const out = path.join(dir, 'slo.rules.yml');
    expect(await run('--slo', sloFile, '--out', out)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      readFileSync(path.join(__dirname, '../../generated/slo.rules.yml'), 'utf8'),
    );
    expect(await run('--slo', sloFile, '--spec', path.join(dir, 'other.yaml'), '--out', out)).toBe(2);
    expect(errors.join('')).toContain('--slo is another name for --spec: give one SLO file');
  });

  it('exits 2 and names the file and field for an invalid SLO file', async () => {
    const spec = path.join(dir, 'slo.yaml');
    writeFileSync(spec, 'version: perflens/v2\nservices: []\n');
    expect(await run('--spec', spec, '--out', path.join(dir, 'out.yml'))).toBe(2);
    expect(errors.join('')).toBe(
      `${spec}: invalid SLO file\n  - version: Invalid input: expected "perflens/v1"\n  - services: Too small: expected array to have >=1 items\n`,
    );
  });
});
