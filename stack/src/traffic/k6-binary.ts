import { accessSync, constants } from 'node:fs';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The k6 that `perflens up` runs: `$K6_BIN` (how CI and the tests point at a k6 outside PATH), else the first
 * `k6` on PATH; undefined when there is none, or when K6_BIN names no executable (the caller says so).
 */
export function locateK6(env: Env = process.env): string | undefined {
  if (env.K6_BIN) return isExecutable(env.K6_BIN) ? env.K6_BIN : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'k6');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}
