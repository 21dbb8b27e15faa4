import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** Where a service runs, for configurations that must mention it (e.g. Prometheus scraping itself). */
export interface ServiceLocation {
  port: number;
  dir: string;
}

/** A service configuration: YAML text, an object serialized to YAML, or a function of where it runs. */
export type ServiceConfig = string | object | ((service: ServiceLocation) => string | object);

/**
 * Resolves a configuration to YAML text. An object gets `listKey` (rule_files, templates) set to the
 * companion file names when it has none, so passing the files is enough; text is used verbatim.
 */
export function renderConfig(
  config: ServiceConfig,
  service: ServiceLocation,
  listKey: string,
  companionNames: readonly string[],
): string {
  const resolved = typeof config === 'function' ? config(service) : config;
  if (typeof resolved === 'string') return resolved;
  const needsList = companionNames.length > 0 && !(listKey in resolved);
  return stringify(needsList ? { ...resolved, [listKey]: [...companionNames] } : resolved);
}

/**
 * Writes the configuration file and its companion files (rule files, templates) into `dir`, and returns
 * the configuration file's path. Companions sit next to it because Prometheus and Alertmanager resolve
 * relative `rule_files` and `templates` paths against the configuration file's folder.
 */
export function writeConfigFiles(
  dir: string,
  fileName: string,
  yamlText: string,
  companions: Readonly<Record<string, string>> = {},
): string {
  for (const [name, content] of Object.entries(companions)) {
    if (path.basename(name) !== name || name === fileName) {
      throw new Error(`companion file name must be a plain file name other than ${fileName}: ${name}`);
    }
    writeFileSync(path.join(dir, name), content);
  }
  const file = path.join(dir, fileName);
  writeFileSync(file, yamlText);
  return file;
}
