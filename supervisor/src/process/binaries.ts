import { accessSync, constants } from 'node:fs';

/** Raised when a service binary is absent; names the Debian package that provides it. */
export class MissingBinaryError extends Error {
  constructor(
    readonly binary: string,
    readonly debianPackage: string,
    readonly envVar: string,
  ) {
    super(
      `${binary} is missing or not executable: install the Debian package ${debianPackage} ` +
        `(apt-get install ${debianPackage}) or set ${envVar} to another location`,
    );
    this.name = 'MissingBinaryError';
  }
}

/** True when `binary` exists and this process may execute it. */
export function isExecutable(binary: string): boolean {
  try {
    accessSync(binary, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks that `binary` exists and is executable before anything is spawned, so a machine without the
 * package fails with an instruction instead of a bare ENOENT from child_process, and never skips silently.
 */
export function requireBinary(binary: string, debianPackage: string, envVar: string): string {
  if (!isExecutable(binary)) throw new MissingBinaryError(binary, debianPackage, envVar);
  return binary;
}
