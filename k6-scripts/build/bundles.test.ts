import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'acorn';
import { transformSync } from 'esbuild';
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

/** What k6 0.45 can import: its own modules and remote modules from the k6 jslib. */
const K6_OR_REMOTE = /^(k6(\/[a-z/]+)?|https:\/\/jslib\.k6\.io\/.+)$/;

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

interface ModuleShape {
  imports: string[];
  exports: string[];
}

/** Parses as ES2015 (acorn rejects TypeScript and any later syntax) and lists imports and exports. */
function moduleShape(code: string): ModuleShape {
  const program = parse(code, { ecmaVersion: 2015, sourceType: 'module' });
  const shape: ModuleShape = { imports: [], exports: [] };
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') shape.imports.push(String(node.source.value));
    if (node.type === 'ExportNamedDeclaration') {
      for (const specifier of node.specifiers) {
        shape.exports.push(
          specifier.exported.type === 'Identifier'
            ? specifier.exported.name
            : String(specifier.exported.value),
        );
      }
    }
  }
  return shape;
}

/** Runs a bundle's init context in Node with the k6 stand-ins, as k6 would before the test starts. */
function runInitContext(code: string): {
  default: () => void;
  options: { scenarios: Record<string, unknown> };
} {
  const commonJs = transformSync(code, { format: 'cjs', loader: 'js' }).code;
  const globals = globalThis as unknown as { __ENV: Record<string, string>; open: (file: string) => string };
  globals.__ENV = { TESTID: 'bundle-test' };
  globals.open = (file) => readFileSync(path.resolve(__dirname, '..', 'dist', file), 'utf8');
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', commonJs)(require, module, module.exports);
  return module.exports as unknown as ReturnType<typeof runInitContext>;
}

describe.each(ENTRY_SCRIPTS)('dist/%s.js', (name) => {
  it('is ES2015 with no TypeScript syntax left', () => {
    expect(() => moduleShape(bundle(name))).not.toThrow();
  });

  it('imports only k6 modules and remote jslib modules', () => {
    const { imports } = moduleShape(bundle(name));
    expect(imports.filter((source) => !K6_OR_REMOTE.test(source))).toEqual([]);
    expect(imports).toContain('k6/http');
  });

  it('exports a default function, options and handleSummary', () => {
    expect(moduleShape(bundle(name)).exports).toEqual(
      expect.arrayContaining(['default', 'options', 'handleSummary']),
    );
  });

  it('runs its init context and an iteration with the k6 stand-ins', () => {
    k6Recorder.reset();
    const script = runInitContext(bundle(name));
    expect(Object.keys(script.options.scenarios)).toEqual([name]);
    script.default();
    expect(k6Recorder.requests).toHaveLength(1);
  });
});

it('bundles every entry script', () => {
  expect(ENTRY_SCRIPTS).toEqual(['average-load', 'breakpoint', 'smoke', 'soak', 'spike', 'stress']);
});
