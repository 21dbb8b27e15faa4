import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import {
  bundleBudgetSchema,
  DEFAULT_BUNDLE_BUDGET,
  loadBundleBudget,
  registerBundleCommand,
  runBundle,
} from '../src';
import { buildWithEsbuild, createFixtureProject, type FixtureProject } from './fixture-project';

let project: FixtureProject;
let metafile: string;

beforeAll(async () => {
  project = createFixtureProject();
  metafile = await buildWithEsbuild(project.root);
}, 60_000);
afterAll(() => project.remove());

async function run(
  flags: Record<string, unknown>,
): Promise<{ exitCode: number; message?: string; output: string }> {
  let output = '';
  const outcome = await runBundle(
    { format: 'table', failOn: 'critical', root: project.root, ...flags },
    (text) => {
      output += text;
    },
  );
  return { ...outcome, output };
}

function file(name: string, text: string): string {
  const full = path.join(project.root, name);
  writeFileSync(full, text);
  return full;
}

describe('perflens bundle exit codes', () => {
  it.each([
    ['0 when nothing reaches --fail-on', { failOn: 'critical' }, 0, undefined],
    ['1 when a finding is at or above --fail-on', { failOn: 'warning' }, 1, '4 findings at or above warning'],
    ['0 with --fail-on never', { failOn: 'never' }, 0, undefined],
  ])('exits %s', async (_title, flags, exitCode, message) => {
    const outcome = await run({ metafile, dir: path.join(project.root, 'dist'), ...flags });
    expect({ exitCode: outcome.exitCode, message: outcome.message }).toEqual({ exitCode, message });
    expect(outcome.output).toContain('(esbuild metafile, 1 entry): 5 findings');
  });

  it('exits 1 when the entry grows past the budget file', async () => {
    const budget = file('tight.json', JSON.stringify({ initialJsGzipBytes: 1024 }));
    const outcome = await run({ metafile, dir: path.join(project.root, 'dist'), budget });
    expect(outcome).toMatchObject({ exitCode: 1, message: '1 finding at or above critical' });
  });

  it.each([
    [
      'two inputs',
      { metafile: 'a.json', stats: 'b.json' },
      'use one of --stats, --metafile and --url, not --stats and --metafile',
    ],
    [
      'no input',
      {},
      'give --stats <webpack stats JSON>, --metafile <esbuild metafile>, --dir <built files> or --url <page>',
    ],
    [
      'a bad format',
      { metafile: 'a.json', format: 'xml' },
      '--format must be one of table, markdown, json, junit, got "xml"',
    ],
    [
      'a bad --fail-on',
      { metafile: 'a.json', failOn: 'high' },
      '--fail-on must be one of critical, warning, info, never, got "high"',
    ],
    [
      'a missing metafile',
      { metafile: '/nonexistent/meta.json' },
      "cannot read /nonexistent/meta.json: ENOENT: no such file or directory, open '/nonexistent/meta.json'",
    ],
    [
      'a URL that is not http',
      { url: 'ftp://example.com/' },
      '--url must be an http(s) URL, got "ftp://example.com/"',
    ],
    [
      '--dir with --url',
      { url: 'http://127.0.0.1/', dir: '.' },
      '--dir goes with --stats or --metafile, not --url',
    ],
    [
      '--prometheus without --url',
      { metafile: 'a.json', prometheus: 'http://127.0.0.1:9090' },
      '--prometheus goes with --url',
    ],
    [
      '--job without --prometheus',
      { url: 'http://127.0.0.1:1/', job: 'demo-api' },
      '--job goes with --prometheus',
    ],
    [
      '--prometheus without --job',
      { url: 'http://127.0.0.1:1/', prometheus: 'http://127.0.0.1:9090' },
      '--prometheus needs --job, the Prometheus job of the service whose page it is',
    ],
    [
      'a bad --range',
      { url: 'http://127.0.0.1:1/', prometheus: 'http://127.0.0.1:9090', job: 'demo-api', range: 'soon' },
      '--range must be a duration such as 15m or 1h, got "soon"',
    ],
  ])('exits 2 on %s, naming what is wrong', async (_title, flags, message) => {
    expect(await run(flags)).toMatchObject({ exitCode: 2, message });
  });

  it('exits 2 when the stats file is an esbuild metafile', async () => {
    expect(await run({ stats: metafile })).toMatchObject({
      exitCode: 2,
      message: `--stats ${metafile} has no entrypoints and chunks: is it webpack stats JSON (webpack --json)?`,
    });
  });
});

describe('perflens bundle as a commander subcommand', () => {
  /** The exit code commander carries out of `perflens bundle <args>` (0 when the action returns). */
  async function exitCode(args: string[]): Promise<number> {
    const program = new Command('perflens').exitOverride();
    program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerBundleCommand(program);
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await program.parseAsync(['bundle', ...args], { from: 'user' });
      return 0;
    } catch (error) {
      if (error instanceof CommanderError) return error.exitCode;
      throw error;
    } finally {
      process.stdout.write = write;
    }
  }

  it.each([
    ['0 for a report under --fail-on', ['--fail-on', 'critical'], 0],
    ['1 for findings at or above --fail-on', ['--fail-on', 'warning'], 1],
    ['2 for a value its parser rejects', ['--format', 'xml'], 2],
    ['2 for an unknown option', ['--nope'], 2],
  ])('exits %s', async (_title, args, code) => {
    expect(
      await exitCode([
        '--metafile',
        metafile,
        '--dir',
        path.join(project.root, 'dist'),
        '--root',
        project.root,
        ...args,
      ]),
    ).toBe(code);
  });
});

describe('the budget file', () => {
  it('names the file and each wrong field', () => {
    const budget = file('bad.json', JSON.stringify({ initialJsGzipBytes: -5, initialJsKb: 100 }));
    expect(() => loadBundleBudget(budget)).toThrow(
      `budget file ${budget} is invalid: initialJsGzipBytes: Too small: expected number to be >0; (top level): Unrecognized key: "initialJsKb"`,
    );
  });

  it('parses the documented example, which sets every field', () => {
    const example = loadBundleBudget(path.join(__dirname, '..', 'examples', 'bundle-budget.example.json'));
    expect(Object.keys(example).sort()).toEqual(Object.keys(bundleBudgetSchema.shape).sort());
    expect(example.entries.admin?.initialJsGzipBytes).toBe(300 * 1024);
  });

  it('defaults to 170 KiB of compressed initial JavaScript and 50 KiB of CSS (web.dev)', () => {
    expect(DEFAULT_BUNDLE_BUDGET).toMatchObject({ initialJsGzipBytes: 174_080, initialCssGzipBytes: 51_200 });
  });
});
