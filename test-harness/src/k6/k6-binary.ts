import path from 'node:path';
import { isExecutable } from '@perflens/supervisor';

/** Where the k6 that tests run was found. */
export interface K6Binary {
  path: string;
  /** `K6_BIN` when that variable chose it, else `PATH`. */
  source: 'K6_BIN' | 'PATH';
}

type Env = Readonly<Record<string, string | undefined>>;

/** Set by `.ci/run` to the repository's tools/k6 (see /work/shared/tools/README.md); users install k6 on PATH. */
export const K6_BIN_VAR = 'K6_BIN';
/** Set to 1 to let the real-k6 tests report themselves as not run (todo) instead of failing without k6. */
export const ALLOW_NO_K6_VAR = 'PERFLENS_ALLOW_NO_K6';

/**
 * The k6 executable: `$K6_BIN`, else the first `k6` on `PATH`; undefined when there is none. A `K6_BIN` that
 * names no executable is an error rather than "no k6": whoever set it expects the tests to run.
 */
export function locateK6(env: Env = process.env): K6Binary | undefined {
  const fromVariable = env[K6_BIN_VAR];
  if (fromVariable) {
    if (!isExecutable(fromVariable)) {
      throw new Error(`${K6_BIN_VAR}=${fromVariable} is not an executable file: fix or unset ${K6_BIN_VAR}`);
    }
    return { path: fromVariable, source: 'K6_BIN' };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'k6');
    if (isExecutable(candidate)) return { path: candidate, source: 'PATH' };
  }
  return undefined;
}

/** Why there is no k6, and how to get one, in one line. */
export function k6MissingReason(): string {
  return `k6 not found (${K6_BIN_VAR} is not set and no k6 is on PATH): set ${K6_BIN_VAR} to a k6 binary or install k6`;
}
