import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PackageRef } from './bundle-model';

const NODE_MODULES = 'node_modules/';

/**
 * The package a module path belongs to: the last `node_modules/<name>` (or `node_modules/@scope/<name>`) in
 * it, so a copy nested under another package is told apart from the top-level one. The version comes from
 * that folder's package.json under `root` (module paths are relative to it); "unknown" when it is unreadable.
 */
export function packageOfPath(
  modulePath: string,
  root: string,
  versions: Map<string, string> = new Map(),
): PackageRef | undefined {
  const normalized = modulePath.replace(/\\/g, '/');
  const at = normalized.lastIndexOf(NODE_MODULES);
  if (at < 0) return undefined;
  const rest = normalized.slice(at + NODE_MODULES.length).split('/');
  const scoped = rest[0]?.startsWith('@');
  const name = scoped ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '');
  if (!name || name.endsWith('/')) return undefined;
  const installPath = normalized.slice(0, at + NODE_MODULES.length) + name;
  return { name, version: versionAt(installPath, root, versions), installPath: stripDotSlash(installPath) };
}

function versionAt(installPath: string, root: string, versions: Map<string, string>): string {
  const cached = versions.get(installPath);
  if (cached !== undefined) return cached;
  let version = 'unknown';
  try {
    const manifest = JSON.parse(readFileSync(path.resolve(root, installPath, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    if (typeof manifest.version === 'string') version = manifest.version;
  } catch {
    // A package.json that is missing or unreadable only costs the version; the copies still differ by path.
  }
  versions.set(installPath, version);
  return version;
}

function stripDotSlash(text: string): string {
  return text.replace(/^(\.\/)+/, '');
}
