import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `product` ships in a package's dist and runs with its `dependencies` only. `test` is test, benchmark and
 * build-tool code: it runs from a checkout, where devDependencies (the workspace's and the root's) exist.
 */
export type CodeRole = 'product' | 'test';

/** A source file, by its repository-relative path with forward slashes. */
export interface SourceFile {
  path: string;
  role: CodeRole;
  text: string;
}

/** The fields of a package.json this check reads. */
export interface PackageManifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface Workspace {
  /** Repository-relative folder, as the root package.json's `workspaces` lists it. */
  folder: string;
  manifest: PackageManifest;
  files: SourceFile[];
}

/** Everything the dependency rules look at, read once; tests build one in memory instead. */
export interface RepositorySnapshot {
  rootManifest: PackageManifest;
  workspaces: Workspace[];
}

/** Which top-level folders of a workspace hold which kind of code; folders not named are not scanned. */
export interface CodeRoots {
  product: readonly string[];
  test: readonly string[];
}

const sourceExtensions = /\.(?:[cm]?[jt]s|[jt]sx)$/;

// Build output, installed packages and tool caches are never source; dot-folders hold tool configuration
// (the plugin's scaffolded .config/ is checked by its own linter, and must stay untouched).
const skippedFolders = new Set(['node_modules', 'dist', 'test-results', 'coverage']);

/** Files under a product root that only tests use: they never reach dist (see each tsconfig's `exclude`). */
export function isTestOnlyPath(relativePath: string): boolean {
  const segments = relativePath.split('/');
  const fileName = segments.at(-1) ?? '';
  return (
    /\.(?:test|spec|fixture)\.[cm]?[jt]sx?$/.test(fileName) ||
    segments.some((segment) => ['fixtures', 'testdata', '__mocks__', '__tests__'].includes(segment))
  );
}

/** Reads the root package.json, then every listed workspace's package.json and source files. */
export function readRepositorySnapshot(
  repositoryRoot: string,
  codeRootsOf: (folder: string) => CodeRoots,
): RepositorySnapshot {
  const rootManifest = readManifest(path.join(repositoryRoot, 'package.json'));
  const workspaces = (rootManifest.workspaces ?? []).map((folder) => ({
    folder,
    manifest: readManifest(path.join(repositoryRoot, folder, 'package.json')),
    files: readWorkspaceFiles(repositoryRoot, folder, codeRootsOf(folder)),
  }));
  return { rootManifest, workspaces };
}

function readManifest(file: string): PackageManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
}

function readWorkspaceFiles(repositoryRoot: string, folder: string, roots: CodeRoots): SourceFile[] {
  const files: SourceFile[] = [];
  const rolesByRoot: [string, CodeRole][] = [
    ...roots.product.map((root): [string, CodeRole] => [root, 'product']),
    ...roots.test.map((root): [string, CodeRole] => [root, 'test']),
  ];
  for (const [root, rootRole] of rolesByRoot) {
    for (const relativePath of listSourceFiles(path.join(repositoryRoot, folder, root))) {
      const role = rootRole === 'product' && isTestOnlyPath(relativePath) ? 'test' : rootRole;
      const filePath = `${folder}/${root}/${relativePath}`;
      files.push({ path: filePath, role, text: readFileSync(path.join(repositoryRoot, filePath), 'utf8') });
    }
  }
  return files;
}

/** Source files below `directory`, relative to it with forward slashes; none when it does not exist. */
function listSourceFiles(directory: string): string[] {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && sourceExtensions.test(entry.name))
    .map((entry) =>
      path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .filter((relativePath) => {
      const folders = relativePath.split('/').slice(0, -1);
      return !folders.some((segment) => skippedFolders.has(segment) || segment.startsWith('.'));
    })
    .sort();
}
