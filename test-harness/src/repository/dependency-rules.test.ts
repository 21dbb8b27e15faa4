import { checkWorkspaceDependencies, formatViolation, type DependencyPolicy } from './dependency-rules';
import { findLayeringCycles } from './layering-cycles';
import type { PackageManifest, RepositorySnapshot, SourceFile } from './repository-snapshot';

// A three-package repository: @x/core at the bottom, @x/server on it, @x/app on top of everything.
const policy: DependencyPolicy = {
  scope: '@x/',
  layering: { '@x/core': [], '@x/server': ['@x/core'], '@x/app': ['@x/core', '@x/server'] },
  importedByNothing: ['@x/app'],
  runtimeModules: { '@x/server': ['k6'] },
  ownBareModules: { '@x/app': ['plugin.json'] },
};

const cleanFiles: Record<string, SourceFile[]> = {
  core: [
    product('core/src/index.ts', `import { readFile } from 'node:fs/promises';\nimport path from 'path';`),
  ],
  server: [
    product('server/src/index.ts', `import { name } from '@x/core';\nimport express from 'express';`),
    product('server/src/check.ts', `import http from 'k6/http';\nimport type { Request } from 'express';`),
    test('server/src/index.test.ts', `import request from 'supertest';\nimport { server } from '@x/server';`),
    test('server/test/e2e.ts', `import type { Pool } from 'pg';\nimport { helper } from '../src/helper';`),
  ],
  app: [
    product('app/src/main.ts', `import { serve } from '@x/server/routes';\nimport json from 'plugin.json';`),
  ],
};

function snapshotWith(
  changes: {
    files?: Record<string, SourceFile[]>;
    manifests?: Partial<Record<string, Partial<PackageManifest>>>;
  } = {},
): RepositorySnapshot {
  const manifests: Record<string, PackageManifest> = {
    core: { name: '@x/core' },
    server: {
      name: '@x/server',
      dependencies: { '@x/core': '1.0.0', express: '^5' },
      devDependencies: { '@types/pg': '^8' },
    },
    app: { name: '@x/app', dependencies: { '@x/core': '1.0.0', '@x/server': '1.0.0' } },
  };
  return {
    rootManifest: {
      name: 'root',
      workspaces: ['core', 'server', 'app'],
      devDependencies: { supertest: '^7' },
    },
    workspaces: Object.keys(manifests).map((folder) => ({
      folder,
      manifest: { ...manifests[folder]!, ...changes.manifests?.[folder] },
      files: [...cleanFiles[folder]!, ...(changes.files?.[folder] ?? [])],
    })),
  };
}

function product(path: string, text: string): SourceFile {
  return { path, role: 'product', text };
}

function test(path: string, text: string): SourceFile {
  return { path, role: 'test', text };
}

describe('checkWorkspaceDependencies', () => {
  it('finds nothing in a repository that keeps every rule', () => {
    expect(checkWorkspaceDependencies(snapshotWith(), policy)).toEqual([]);
  });

  it.each([
    [
      'a wrong-way arrow in product code',
      { files: { core: [product('core/src/up.ts', `import { serve } from '@x/server';`)] } },
      "core/src/up.ts:1 [wrong-way-import] '@x/server': product code of @x/core may import no @x/* package",
    ],
    [
      'a type-only wrong-way arrow, which would still reach the .d.ts',
      { files: { core: [product('core/src/up.ts', `\nimport type { Server } from '@x/server';`)] } },
      "core/src/up.ts:2 [wrong-way-import] '@x/server': product code of @x/core may import no @x/* package",
    ],
    [
      'a test that imports the package nothing may import',
      { files: { server: [test('server/test/app.test.ts', `const app = require('@x/app');`)] } },
      "server/test/app.test.ts:1 [imports-graph-end] '@x/app': nothing may import @x/app",
    ],
    [
      'product code that imports a package only the tests declare',
      { files: { server: [product('server/src/db.ts', `import { Pool } from 'pg';`)] } },
      "server/src/db.ts:1 [undeclared-package] 'pg': pg is not in @x/server's dependencies or peerDependencies",
    ],
    [
      'product code that imports only the types of an undeclared package',
      { files: { server: [product('server/src/db.ts', `import type { Pool } from 'pg';`)] } },
      "server/src/db.ts:1 [undeclared-package] 'pg': pg is not in @x/server's dependencies or peerDependencies",
    ],
    [
      'test code that imports a package declared nowhere',
      { files: { core: [test('core/bench/speed.ts', `import autocannon from 'autocannon';`)] } },
      "core/bench/speed.ts:1 [undeclared-package] 'autocannon': autocannon is declared neither in @x/core's package.json nor in the root devDependencies",
    ],
    [
      'a relative import into another workspace',
      { files: { app: [test('app/test/e2e.ts', `import { fixture } from '../../server/test/fixture';`)] } },
      "app/test/e2e.ts:1 [relative-cross-workspace-import] '../../server/test/fixture': reaches into server/; import @x/server (its public surface) instead",
    ],
    [
      "an import of a package's build output",
      { files: { app: [product('app/src/built.ts', `import { serve } from '@x/server/dist/routes';`)] } },
      "app/src/built.ts:1 [dist-import] '@x/server/dist/routes': import the package, not its build output",
    ],
    [
      "a relative import of the workspace's own build output",
      { files: { core: [test('core/test/built.test.ts', `import { name } from '../dist/index';`)] } },
      "core/test/built.test.ts:1 [dist-import] '../dist/index': import the sources or the package, not build output",
    ],
    [
      'a package.json that declares a dependency the layering forbids',
      { manifests: { core: { dependencies: { '@x/server': '1.0.0' } } } },
      'core/package.json [forbidden-declared-dependency] declares @x/server at run time; @x/core may depend on no @x/* package',
    ],
    [
      'a package.json whose devDependencies name the package nothing may import',
      { manifests: { server: { devDependencies: { '@types/pg': '^8', '@x/app': '1.0.0' } } } },
      'server/package.json [forbidden-declared-dependency] declares @x/app in devDependencies; nothing may depend on it',
    ],
  ])('names %s', (_title, changes, expected) => {
    expect(checkWorkspaceDependencies(snapshotWith(changes), policy).map(formatViolation)).toEqual([
      expected,
    ]);
  });

  it("reports both rules when a relative import reaches into another workspace's dist", () => {
    const files = { app: [test('app/test/e2e.ts', `import '../../core/dist/index.js';`)] };
    expect(
      checkWorkspaceDependencies(snapshotWith({ files }), policy).map((violation) => violation.rule),
    ).toEqual(['relative-cross-workspace-import', 'dist-import']);
  });

  it("allows a relative import of a lower workspace's sources only where the policy says so", () => {
    const files = {
      server: [product('server/src/names.ts', `import { name } from '../../core/src/name.ts';`)],
      app: [product('app/src/names.ts', `import { name } from '../../core/src/name.ts';`)],
    };
    const sourceImports = { '@x/server': ['core/src'], '@x/app': ['server/src'] };
    expect(
      checkWorkspaceDependencies(snapshotWith({ files }), { ...policy, sourceImports }).map(formatViolation),
    ).toEqual([
      "app/src/names.ts:1 [relative-cross-workspace-import] '../../core/src/name.ts': reaches into core/; import @x/core (its public surface) instead",
    ]);
  });

  it('checks the layering itself: every workspace has an entry, no arrow ends at a graph end, no cycle', () => {
    const layering = { '@x/core': ['@x/app'], '@x/server': ['@x/core', '@x/ghost'], '@x/app': ['@x/server'] };
    const violations = checkWorkspaceDependencies(snapshotWith(), { ...policy, layering });
    expect(violations.filter((violation) => violation.location === 'layering').map(formatViolation)).toEqual([
      'layering [layering-unknown-package] @x/core → @x/app: nothing may depend on @x/app',
      "layering [layering-unknown-package] @x/ghost (from @x/server's entry) is no workspace",
      'layering [layering-cycle] cycle @x/app → @x/server → @x/core → @x/app',
    ]);
  });

  it('asks for a layering entry for a workspace that has none', () => {
    const layering = Object.fromEntries(
      Object.entries(policy.layering).filter(([name]) => name !== '@x/app'),
    );
    expect(
      checkWorkspaceDependencies(snapshotWith(), { ...policy, layering }).map(formatViolation),
    ).toContain(
      'layering [layering-unknown-package] workspace @x/app has no entry: decide what it may import',
    );
  });
});

describe('findLayeringCycles', () => {
  it.each([
    ['a one-way graph', { a: ['b', 'c'], b: ['c'], c: [] }, []],
    ['a package that depends on itself', { a: ['a'] }, [['a', 'a']]],
    ['a cycle below an acyclic start', { a: ['b'], b: ['c'], c: ['b'] }, [['b', 'c', 'b']]],
  ])('finds the cycles of %s', (_title, graph, cycles) => {
    expect(findLayeringCycles(graph)).toEqual(cycles);
  });
});
