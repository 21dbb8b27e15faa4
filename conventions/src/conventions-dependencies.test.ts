import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The plugin and the k6 bundles import this package, so it must stay free of dependencies: no package and
 * no Node built-in reachable from any of its modules.
 */
describe('conventions package', () => {
  const sources = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

  it.each(sources)('%s imports only sibling modules', (file) => {
    const text = readFileSync(path.join(__dirname, file), 'utf8');
    const specifiers = [
      ...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\('([^']+)'\)|\brequire\('([^']+)'\)/g),
    ].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(specifiers.filter((s) => !s?.startsWith('./'))).toEqual([]);
  });

  it('declares no dependencies', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect([manifest.dependencies, manifest.peerDependencies]).toEqual([undefined, undefined]);
  });
});
