import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** A service configuration: YAML text, an object serialized to YAML, or a function of the chosen port. */
export type ServiceConfig = string | object | ((service: { port: number; dir: string }) => string | object);

/**
 * Writes the main configuration file and its companion files (rule files, templates) into `dir`, and
 * returns the configuration file's path. Companions sit next to it because Prometheus and Alertmanager
 * resolve relative `rule_files` and `templates` paths against the configuration file's folder.
 */
export function writeConfigFiles(
  dir: string,
  fileName: string,
  config: ServiceConfig,
  service: { port: number; dir: string },
  companions: Record<string, string> = {},
): string {
  const resolved = typeof config === 'function' ? config(service) : config;
  const file = path.join(dir, fileName);
  writeFileSync(file, typeof resolved === 'string' ? resolved : stringify(resolved));
  for (const [name, content] of Object.entries(companions)) {
    if (path.basename(name) !== name) throw new Error(`companion file name must not contain a folder: ${name}`);
    writeFileSync(path.join(dir, name), content);
  }
  return file;
}
