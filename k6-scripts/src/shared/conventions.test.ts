import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Static imports and re-exports (at the start of a line, so comments quoting one are not counted), dynamic imports. */
const IMPORTS = /^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)/gm;

function specifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORTS)].map((m) => (m[1] ?? m[2]) as string);
}

/** The modules k6 loads: every script under src/ except tests and type declarations. */
function k6Modules(dir = path.join(__dirname, '..')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return k6Modules(full);
    return /(?<!\.test|\.d)\.ts$/.test(entry.name) ? [full] : [];
  });
}

const sources = specifiers(path.join(__dirname, 'conventions.ts'));

describe('conventions as k6 loads them', () => {
  it('come from the TypeScript sources of @perflens/conventions, by relative path with the extension', () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^\.\.\/\.\.\/\.\.\/conventions\/src\/[a-z-]+\.ts$/);
  });

  it.each(sources)('%s imports nothing, so k6 needs to resolve no further path', (source) => {
    expect(specifiers(path.resolve(__dirname, source))).toEqual([]);
  });

  it('are imported through shared/conventions.ts, never by package name, which k6 >= 0.57 cannot resolve', () => {
    const byName = k6Modules().filter((file) =>
      specifiers(file).some((source) => source.startsWith('@perflens/')),
    );
    expect(byName.map((file) => path.relative(__dirname, file))).toEqual([]);
    expect(k6Modules().length).toBeGreaterThan(20);
  });
});
