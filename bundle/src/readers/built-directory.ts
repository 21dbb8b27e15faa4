import { type BundleModel, type OutputFile, outputKind } from '../model/bundle-model';
import { BundleInputError } from './bundle-input-error';
import type { BuiltFiles } from './built-files';
import { modulesFromSourceMap } from './source-map-modules';

/**
 * A model of a build from its files alone, for builds that keep no stats (the Grafana plugin's dist/): the
 * entries are the named files (default: every top-level JavaScript file) and each file's modules come from
 * its source map when one sits beside it.
 */
export function readBuiltDirectory(built: BuiltFiles, root: string, entryFiles: string[] = []): BundleModel {
  const versions = new Map<string, string>();
  const outputs: OutputFile[] = [...built.files].map(([name, content]) => {
    const kind = outputKind(name);
    const map = kind === 'js' || kind === 'css' ? built.files.get(`${name}.map`) : undefined;
    return {
      name,
      kind,
      sizeBytes: content.length,
      modules: map
        ? modulesFromSourceMap(content.toString('utf8'), map.toString('utf8'), root, versions)
        : [],
    };
  });
  const names = entryFiles.length > 0 ? entryFiles : outputs.filter(isTopLevelScript).map((o) => o.name);
  for (const name of names) {
    if (!built.files.has(name))
      throw new BundleInputError(`--entry ${name} is not a file under ${built.dir}`);
  }
  return {
    source: 'built-files',
    origin: built.dir,
    entries: names.map((name) => ({ name, initialFiles: [name] })),
    outputs,
  };
}

function isTopLevelScript(output: OutputFile): boolean {
  return output.kind === 'js' && !output.name.includes('/');
}
