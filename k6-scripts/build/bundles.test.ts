import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'acorn';
import webpack from 'webpack';
import { k6Recorder } from '../test/k6-recorder.ts';

// The config is CommonJS shared with the webpack CLI; loaded with require so its helper comes along.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const webpackConfig = require('../webpack.config.js') as ((env: {
  outDir: string;
}) => webpack.Configuration) & {
  entryScripts: () => string[];
};

const outDir = mkdtempSync(path.join(tmpdir(), 'perflens-k6-bundles-'));
const ENTRY_SCRIPTS = webpackConfig.entryScripts();

/** What a bundle may import: k6's own modules only (remote modules need internet at start). */
const K6_MODULE = /^k6(\/[a-z/]+)?$/;

beforeAll(async () => {
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    webpack(webpackConfig({ outDir }), (error, result) =>
      error || !result ? reject(error) : resolve(result),
    ),
  );
  if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function bundle(name: string): string {
  return readFileSync(path.join(outDir, `${name}.js`), 'utf8');
}

/**
 * Parses as an ES2017 script (acorn rejects TypeScript, ES module syntax and any later syntax) and lists the
 * modules it requires: a CommonJS bundle reaches k6's modules only through `require("k6/...")`.
 */
function requiredModules(code: string): string[] {
  parse(code, { ecmaVersion: 2017, sourceType: 'script' });
  return [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1] as string);
}

/** Runs a bundle's init context in Node with the k6 stand-ins, as k6 would before the test starts. */
function runInitContext(code: string): {
  default: () => void | Promise<void>;
  options: { scenarios: Record<string, unknown> };
  handleSummary: unknown;
} {
  const globals = globalThis as unknown as { __ENV: Record<string, string>; open: (file: string) => string };
  globals.__ENV = { TESTID: 'bundle-test' };
  globals.open = (file) => readFileSync(path.resolve(__dirname, '..', 'dist', file), 'utf8');
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports as unknown as ReturnType<typeof runInitContext>;
}

describe.each(ENTRY_SCRIPTS)('dist/%s.js', (name) => {
  it('is an ES2017 CommonJS script with no TypeScript or ES module syntax left', () => {
    expect(() => requiredModules(bundle(name))).not.toThrow();
  });

  it('requires only k6 modules', () => {
    const modules = requiredModules(bundle(name));
    expect(modules.filter((source) => !K6_MODULE.test(source))).toEqual([]);
    expect(modules).toContain(name === 'frontend' ? 'k6/experimental/browser' : 'k6/http');
  });

  it('exports a default function, options and handleSummary', () => {
    const script = runInitContext(bundle(name));
    expect(typeof script.default).toBe('function');
    expect(typeof script.handleSummary).toBe('function');
    expect(script.options).toEqual(expect.objectContaining({ scenarios: expect.any(Object) }));
  });

  it('runs its init context and an iteration with the k6 stand-ins', async () => {
    k6Recorder.reset();
    const script = runInitContext(bundle(name));
    expect(Object.keys(script.options.scenarios)).toEqual([name]);
    await script.default();
    // One request per iteration; the frontend test loads its one default page in the browser instead.
    expect(name === 'frontend' ? k6Recorder.pageLoads : k6Recorder.requests).toHaveLength(1);
  });
});

it('bundles every entry script', () => {
  expect(ENTRY_SCRIPTS).toEqual([
    'average-load',
    'breakpoint',
    'frontend',
    'smoke',
    'soak',
    'spike',
    'stress',
  ]);
});
