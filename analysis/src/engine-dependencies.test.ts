import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Grafana plugin bundles this engine for the browser, so nothing reachable from src/index.ts by a
 * runtime import may need Node or a server package. Type-only imports are erased and allowed; the CLI's
 * Node-only modules load lazily (await import) inside its action.
 */
const SRC = __dirname;
const ALLOWED_PACKAGES: readonly string[] = [];

function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const imports: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)';/gms)) {
    if (!match[1]) imports.push(match[2] as string);
  }
  for (const match of text.matchAll(/^import\s+'([^']+)';/gm)) imports.push(match[1] as string);
  for (const match of text.matchAll(/\brequire\('([^']+)'\)/g)) imports.push(match[1] as string);
  return imports;
}

function reachableModules(entry: string): { files: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) pending.push(`${path.resolve(path.dirname(file), specifier)}.ts`);
      else packages.add(specifier);
    }
  }
  return { files: [...seen].map((f) => path.relative(SRC, f)).sort(), packages: [...packages].sort() };
}

describe('engine dependencies', () => {
  const { files, packages } = reachableModules(path.join(SRC, 'index.ts'));

  it('imports no package at run time (no node:*, no server libraries)', () => {
    expect(packages.filter((p) => !ALLOWED_PACKAGES.includes(p))).toEqual([]);
  });

  it('follows the imports through the whole engine', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'analyze.ts',
        'sources/http-prometheus-client.ts',
        'checks/check-catalogue.ts',
      ]),
    );
  });

  it('reaches no Node-only module of its own (the CLI edge and the fixtures stay out)', () => {
    expect(files.filter((f) => f.startsWith('fixtures') || f.startsWith('bench'))).toEqual([]);
  });
});
