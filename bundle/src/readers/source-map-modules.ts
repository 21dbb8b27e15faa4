import { eachMapping, TraceMap } from '@jridgewell/trace-mapping';
import type { BundleModule } from '../model/bundle-model';
import { packageOfPath } from '../model/package-of-path';

/**
 * The modules of a built file from its source map: each generated segment (from one mapping to the next on
 * its line) counts toward the source that mapping points at, so the sizes add up to the mapped part of the
 * file. This is how bundles without stats (a Grafana plugin's dist/) are still broken down by package.
 */
export function modulesFromSourceMap(
  code: string,
  sourceMap: string,
  root: string,
  versions: Map<string, string>,
): BundleModule[] {
  const map = new TraceMap(sourceMap);
  // trace-mapping resolves each source as a URL, which drops the `..` of `webpack://app/../node_modules/x`
  // (a hoisted package outside the project): keep the names as the map wrote them.
  const written = (JSON.parse(sourceMap) as { sources?: Array<string | null> }).sources ?? [];
  const originalName = new Map(
    map.resolvedSources.map((resolved, index) => [resolved, written[index] ?? resolved]),
  );
  const lines = code.split('\n');
  const bytesBySource = new Map<string, number>();
  let previous: { line: number; column: number; source: string | null } | undefined;
  const close = (endLine: number, endColumn: number) => {
    if (!previous || previous.source === null) return;
    const text = lines[previous.line - 1] ?? '';
    const end = endLine === previous.line ? endColumn : text.length;
    const bytes = Buffer.byteLength(text.slice(previous.column, end));
    bytesBySource.set(previous.source, (bytesBySource.get(previous.source) ?? 0) + bytes);
  };
  eachMapping(map, (mapping) => {
    close(mapping.generatedLine, mapping.generatedColumn);
    previous = { line: mapping.generatedLine, column: mapping.generatedColumn, source: mapping.source };
  });
  close(Number.POSITIVE_INFINITY, 0);
  return [...bytesBySource].map(([source, sizeBytes]) => {
    const modulePath = projectPath(originalName.get(source) ?? source);
    const pkg = packageOfPath(modulePath, root, versions);
    return { path: modulePath, sizeBytes, ...(pkg ? { package: pkg } : {}) };
  });
}

/** `webpack://name/./node_modules/x/a.js` → `node_modules/x/a.js`; relative `../src/a.ts` stays as it is. */
function projectPath(source: string): string {
  return source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(\.\/)+/, '');
}
