import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// k6 fetches a module imported by URL (e.g. https://jslib.k6.io/...) when the script starts; without
// internet the run ends at once with "The moduleSpecifier ... couldn't be retrieved" (exit 107). The scripts
// must start offline, so neither the sources nor the committed bundles may import anything by URL.

const ROOT = path.join(__dirname, '..');

/** Import, export-from, dynamic import and require specifiers that are URLs. */
const REMOTE_SPECIFIER =
  /(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]*\s*from\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"`](https?:\/\/[^'"`]+)['"`]/g;

/** Every URL a piece of code imports or requires. */
export function remoteSpecifiers(code: string): string[] {
  return [...code.matchAll(REMOTE_SPECIFIER)].map((match) => match[1] as string);
}

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('remoteSpecifiers', () => {
  it.each([
    ["import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';"],
    ['import "http://example.test/side-effect.js";'],
    ["export { a } from 'https://example.test/a.js';"],
    ["const m = await import('https://example.test/m.js');"],
    ['const m = require("https://example.test/m.js");'],
    ['import*as x from"https://example.test/x.js"'],
  ])('finds the URL in %s', (code) => {
    expect(remoteSpecifiers(code)).toEqual([expect.stringMatching(/^https?:\/\/example\.test\/|jslib/)]);
  });

  it('ignores URLs that are data, not modules', () => {
    expect(
      remoteSpecifiers("const base = 'http://127.0.0.1:3000'; http.get('https://example.test/');"),
    ).toEqual([]);
  });
});

describe('no script needs the network to start', () => {
  const sources = filesUnder(path.join(ROOT, 'src'), (name) => name.endsWith('.ts'));
  // dist/ is build output (git-ignored): checked when present; bundles.test.ts checks a fresh build, whose
  // bundles may require k6's own modules and nothing else.
  const dist = path.join(ROOT, 'dist');
  const bundles = existsSync(dist) ? filesUnder(dist, (name) => name.endsWith('.js')) : [];

  it('has sources to check', () => {
    expect(sources.map((file) => path.basename(file))).toEqual(
      expect.arrayContaining(['smoke.ts', 'summary-files.ts', 'text-summary.ts']),
    );
  });

  it.each([...sources, ...bundles].map((file) => [path.relative(ROOT, file), file]))(
    '%s imports no module by URL',
    (_name, file) => {
      expect(remoteSpecifiers(readFileSync(file, 'utf8'))).toEqual([]);
    },
  );
});
