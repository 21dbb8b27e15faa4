import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BundleInputError } from './bundle-input-error';

/** The files a build wrote, by name relative to the output directory (`/` separators). */
export interface BuiltFiles {
  dir: string;
  files: Map<string, Buffer>;
}

/** Reads every file under `dir` (the bundler's output directory). */
export function readBuiltFiles(dir: string): BuiltFiles {
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new BundleInputError(`--dir ${dir} is not a directory of built files`);
  const files = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        files.set(path.relative(dir, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(dir);
  return { dir, files };
}
