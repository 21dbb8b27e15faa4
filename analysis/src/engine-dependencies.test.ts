import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Grafana plugin bundles the engine (engine.ts) for the browser, so nothing it reaches may import Node
 * or a server package, not even lazily; @perflens/conventions, which has no dependencies and no Node
 * imports (its own test checks that), is the one package it may use. Type-only imports are erased and
 * allowed. The package index adds the CLI, whose Node-only modules load through `await import()` inside
 * its action.
 */
const SRC = __dirname;

interface Imports {
  static: string[];
  dynamic: string[];
}

function importsOf(file: string): Imports {
  const text = readFileSync(file, 'utf8');
  const found: Imports = { static: [], dynamic: [] };
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)';/gms)) {
    if (!match[1]) found.static.push(match[2] as string);
  }
  for (const match of text.matchAll(/\brequire\('([^']+)'\)/g)) found.static.push(match[1] as string);
  for (const match of text.matchAll(/\bimport\('([^']+)'\)/g)) found.dynamic.push(match[1] as string);
  return found;
}

function reachable(entry: string): { files: string[]; packages: string[]; lazyPackages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const lazyPackages = new Set<string>();
  const pending = [path.join(SRC, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const imports = importsOf(file);
    for (const specifier of [...imports.static, ...imports.dynamic]) {
      if (specifier.startsWith('.')) pending.push(`${path.resolve(path.dirname(file), specifier)}.ts`);
      else if (imports.static.includes(specifier)) packages.add(specifier);
      else lazyPackages.add(specifier);
    }
  }
  return {
    files: [...seen].map((f) => path.relative(SRC, f)).sort(),
    packages: [...packages].sort(),
    lazyPackages: [...lazyPackages].sort(),
  };
}

describe('engine dependencies', () => {
  const engine = reachable('engine.ts');

  it('follows the imports through the whole engine', () => {
    expect(engine.files).toEqual(
      expect.arrayContaining([
        'analyze.ts',
        'sources/http-prometheus-client.ts',
        'checks/check-catalogue.ts',
        'report/format-junit.ts',
      ]),
    );
  });

  it('imports no package but the conventions from the engine, statically or lazily', () => {
    expect([...engine.packages, ...engine.lazyPackages]).toEqual(['@perflens/conventions']);
  });

  it('keeps the CLI and the test fixtures out of the engine', () => {
    expect(engine.files.filter((f) => /^(cli|fixtures|bench)\//.test(f))).toEqual([]);
  });

  it('loads the CLI’s Node-only packages lazily from the package index', () => {
    expect(reachable('index.ts')).toMatchObject({
      packages: ['@perflens/conventions'],
      lazyPackages: ['@perflens/alert-rules', 'node:fs', 'node:path', 'node:url'],
    });
  });
});
