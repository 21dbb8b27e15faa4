import { builtinModules } from 'node:module';
import path from 'node:path';
import { scanImports, type ImportReference } from './import-scanner';
import { findLayeringCycles } from './layering-cycles';
import type { PackageManifest, RepositorySnapshot, SourceFile, Workspace } from './repository-snapshot';

/** What the workspaces may depend on; the repository's own policy is data in workspace-dependencies.test.ts. */
export interface DependencyPolicy {
  /** The scope of the repository's own packages, e.g. `@perflens/`. */
  scope: string;
  /** Package name → the scope's packages its product code (and its `dependencies`) may use. */
  layering: Readonly<Record<string, readonly string[]>>;
  /** The scope's packages that no code may import: the ends of the graph, which nothing may depend on. */
  importedByNothing: readonly string[];
  /** Package name → modules its runtime provides (a specifier equal to one, or below it with `/`). */
  runtimeModules: Readonly<Record<string, readonly string[]>>;
  /** Package name → bare specifiers that its bundler and jest resolve to its own source files. */
  ownBareModules: Readonly<Record<string, readonly string[]>>;
  /**
   * Package name → folders of other workspaces (`conventions/src`) whose source files it may import by
   * relative path, for a runtime that resolves no package names. The layering must still allow the package.
   */
  sourceImports?: Readonly<Record<string, readonly string[]>>;
}

export type ViolationRule =
  | 'layering-unknown-package'
  | 'layering-cycle'
  | 'forbidden-declared-dependency'
  | 'wrong-way-import'
  | 'imports-graph-end'
  | 'relative-cross-workspace-import'
  | 'dist-import'
  | 'undeclared-package';

export interface Violation {
  rule: ViolationRule;
  /** `file:line`, a package.json, or `layering`. */
  location: string;
  message: string;
}

/** One line per violation, as the repository test prints them. */
export function formatViolation(violation: Violation): string {
  return `${violation.location} [${violation.rule}] ${violation.message}`;
}

/** Every way the snapshot breaks the policy, sorted by location. */
export function checkWorkspaceDependencies(
  snapshot: RepositorySnapshot,
  policy: DependencyPolicy,
): Violation[] {
  const violations = [
    ...checkLayering(snapshot, policy),
    ...snapshot.workspaces.flatMap((workspace) => checkDeclaredDependencies(workspace, policy)),
    ...snapshot.workspaces.flatMap((workspace) =>
      workspace.files.flatMap((file) =>
        scanImports(file.text, file.path).flatMap((reference) =>
          checkImport(snapshot, policy, workspace, file, reference),
        ),
      ),
    ),
  ];
  return violations.sort((a, b) => a.location.localeCompare(b.location, 'en', { numeric: true }));
}

function checkLayering(snapshot: RepositorySnapshot, policy: DependencyPolicy): Violation[] {
  const names = new Set(snapshot.workspaces.map((workspace) => workspace.manifest.name));
  const violations: Violation[] = [];
  for (const name of names) {
    if (!(name in policy.layering)) {
      violations.push(layeringViolation(`workspace ${name} has no entry: decide what it may import`));
    }
  }
  for (const [from, targets] of Object.entries(policy.layering)) {
    for (const name of [from, ...targets]) {
      if (!names.has(name))
        violations.push(layeringViolation(`${name} (from ${from}'s entry) is no workspace`));
    }
    for (const end of policy.importedByNothing) {
      if (targets.includes(end))
        violations.push(layeringViolation(`${from} → ${end}: nothing may depend on ${end}`));
    }
  }
  for (const cycle of findLayeringCycles(policy.layering)) {
    violations.push({ rule: 'layering-cycle', location: 'layering', message: `cycle ${cycle.join(' → ')}` });
  }
  return violations;
}

function layeringViolation(message: string): Violation {
  return { rule: 'layering-unknown-package', location: 'layering', message };
}

/** A package.json may declare only what its code is allowed to import. */
function checkDeclaredDependencies(workspace: Workspace, policy: DependencyPolicy): Violation[] {
  const { manifest } = workspace;
  const location = `${workspace.folder}/package.json`;
  const allowed = policy.layering[manifest.name] ?? [];
  const runtime = [manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies];
  const violations: Violation[] = [];
  for (const name of runtime.flatMap((dependencies) => Object.keys(dependencies ?? {}))) {
    if (name.startsWith(policy.scope) && !allowed.includes(name)) {
      violations.push({
        rule: 'forbidden-declared-dependency',
        location,
        message: `declares ${name} at run time; ${manifest.name} may depend on ${allowedPhrase(policy, allowed)}`,
      });
    }
  }
  for (const name of Object.keys(manifest.devDependencies ?? {})) {
    if (policy.importedByNothing.includes(name)) {
      violations.push({
        rule: 'forbidden-declared-dependency',
        location,
        message: `declares ${name} in devDependencies; nothing may depend on it`,
      });
    }
  }
  return violations;
}

function checkImport(
  snapshot: RepositorySnapshot,
  policy: DependencyPolicy,
  workspace: Workspace,
  file: SourceFile,
  reference: ImportReference,
): Violation[] {
  const { specifier } = reference;
  const location = `${file.path}:${reference.line}`;
  const at = (rule: ViolationRule, message: string): Violation[] => [
    { rule, location, message: `'${specifier}': ${message}` },
  ];
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    return checkRelativeImport(snapshot, policy, workspace, file, specifier).flatMap(([rule, message]) =>
      at(rule, message),
    );
  }
  if (specifier.split('/').includes('dist')) {
    return at('dist-import', 'import the package, not its build output');
  }
  if (isBuiltin(specifier) || isRuntimeModule(policy, workspace.manifest.name, specifier)) return [];
  if (policy.ownBareModules[workspace.manifest.name]?.includes(specifier)) return [];
  const packageName = packageNameOf(specifier);
  const self = workspace.manifest.name;
  if (packageName === self) return [];
  if (policy.importedByNothing.includes(packageName)) {
    return at('imports-graph-end', `nothing may import ${packageName}`);
  }
  if (file.role === 'product' && packageName.startsWith(policy.scope)) {
    const allowed = policy.layering[self] ?? [];
    if (!allowed.includes(packageName)) {
      return at('wrong-way-import', `product code of ${self} may import ${allowedPhrase(policy, allowed)}`);
    }
  }
  if (isDeclared(snapshot.rootManifest, workspace.manifest, file, reference, packageName)) return [];
  return at(
    'undeclared-package',
    file.role === 'product'
      ? `${packageName} is not in ${self}'s dependencies or peerDependencies`
      : `${packageName} is declared neither in ${self}'s package.json nor in the root devDependencies`,
  );
}

function checkRelativeImport(
  snapshot: RepositorySnapshot,
  policy: DependencyPolicy,
  workspace: Workspace,
  file: SourceFile,
  specifier: string,
): [ViolationRule, string][] {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier));
  const owner = snapshot.workspaces
    .filter((candidate) => target === candidate.folder || target.startsWith(`${candidate.folder}/`))
    .sort((a, b) => b.folder.length - a.folder.length)[0];
  const found: [ViolationRule, string][] = [];
  const sourceFolders = policy.sourceImports?.[workspace.manifest.name] ?? [];
  const allowedSource =
    owner !== undefined &&
    sourceFolders.some((folder) => target.startsWith(`${folder}/`)) &&
    (policy.layering[workspace.manifest.name] ?? []).includes(owner.manifest.name);
  if (owner && owner !== workspace && !allowedSource) {
    found.push([
      'relative-cross-workspace-import',
      `reaches into ${owner.folder}/; import ${owner.manifest.name} (its public surface) instead`,
    ]);
  }
  if (target.split('/').includes('dist')) {
    found.push(['dist-import', 'import the sources or the package, not build output']);
  }
  return found;
}

function isDeclared(
  rootManifest: PackageManifest,
  manifest: PackageManifest,
  file: SourceFile,
  reference: ImportReference,
  packageName: string,
): boolean {
  const runtime = [manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies];
  const declared = new Set(
    (file.role === 'product'
      ? runtime
      : [...runtime, manifest.devDependencies, rootManifest.dependencies, rootManifest.devDependencies]
    ).flatMap((dependencies) => Object.keys(dependencies ?? {})),
  );
  if (declared.has(packageName)) return true;
  // A type-only import needs the package's types, not its code: in test code the DefinitelyTyped package
  // is enough. Product code is stricter because the import survives into the published .d.ts.
  return file.role === 'test' && reference.typeOnly && declared.has(typesPackageOf(packageName));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const segments = specifier.split('/');
  return specifier.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0]!;
}

/** The DefinitelyTyped name: `@scope/name` → `@types/scope__name`. */
function typesPackageOf(packageName: string): string {
  return `@types/${packageName.startsWith('@') ? packageName.slice(1).replace('/', '__') : packageName}`;
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageNameOf(specifier));
}

function isRuntimeModule(policy: DependencyPolicy, packageName: string, specifier: string): boolean {
  return (policy.runtimeModules[packageName] ?? []).some(
    (module) => specifier === module || specifier.startsWith(module.endsWith('/') ? module : `${module}/`),
  );
}

function allowedPhrase(policy: DependencyPolicy, allowed: readonly string[]): string {
  return allowed.length === 0 ? `no ${policy.scope}* package` : `only ${allowed.join(', ')}`;
}
