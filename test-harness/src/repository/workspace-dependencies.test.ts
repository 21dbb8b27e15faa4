import path from 'node:path';
import ts from 'typescript';
import { checkWorkspaceDependencies, formatViolation, type DependencyPolicy } from './dependency-rules';
import { scanImports } from './import-scanner';
import { readRepositorySnapshot, type CodeRoots } from './repository-snapshot';

// The one-way graph of the repository's packages: what each package's product code may import. Nothing
// depends on the plugin or the CLI; both depend on the analysis engine, which depends on no server; and each
// deployable is its own package, so that installing one never pulls in another's dependencies:
// - conventions (names, buckets, PromQL builders) and supervisor (process supervision) are the leaves, so
//   everything can share them without pulling anything else in;
// - instrument is what a service installs in-process, so it may pull in conventions and nothing heavier;
// - advisor and exporter are servers built on instrument; the exporter mounts the advisor's API;
// - alert-rules owns the SLO model; analysis, provisioning and k6-scripts read it, and never a server;
// - the demo is a service instrumented like a user's; the stack supervises processes and starts nothing of
//   ours by import (it runs the CLI's subcommands as processes);
// - the plugin runs in Grafana's browser: the analysis engine and conventions only;
// - test-harness starts services for tests through the supervisor, and writes synthetic metrics with the
//   conventions' names and buckets;
// - bundle (`perflens bundle`) renders its findings in the analysis engine's finding shape and formats, and
//   reads no server: it analyses a build's files and a served page;
// - cli assembles every subcommand, so it sits on top and nothing imports it.
const layering: DependencyPolicy['layering'] = {
  '@perflens/conventions': [],
  '@perflens/supervisor': [],
  '@perflens/instrument': ['@perflens/conventions'],
  '@perflens/advisor': ['@perflens/conventions', '@perflens/instrument'],
  '@perflens/exporter': ['@perflens/conventions', '@perflens/instrument', '@perflens/advisor'],
  '@perflens/alert-rules': ['@perflens/conventions'],
  '@perflens/analysis': ['@perflens/conventions', '@perflens/alert-rules'],
  '@perflens/bundle': ['@perflens/analysis', '@perflens/conventions'],
  '@perflens/demo': ['@perflens/instrument', '@perflens/conventions'],
  // A second reference service, instrumented as a user's would be; the engine's scoring test drives it.
  '@perflens/bookings': ['@perflens/instrument', '@perflens/conventions'],
  '@perflens/stack': ['@perflens/supervisor', '@perflens/conventions'],
  '@perflens/provisioning': ['@perflens/conventions', '@perflens/alert-rules'],
  '@perflens/k6-scripts': ['@perflens/conventions', '@perflens/alert-rules'],
  '@perflens/plugin': ['@perflens/analysis', '@perflens/conventions'],
  '@perflens/test-harness': ['@perflens/supervisor', '@perflens/conventions'],
  '@perflens/cli': [
    '@perflens/advisor',
    '@perflens/alert-rules',
    '@perflens/analysis',
    '@perflens/bundle',
    '@perflens/demo',
    '@perflens/exporter',
    '@perflens/stack',
  ],
};

const policy: DependencyPolicy = {
  scope: '@perflens/',
  layering,
  // The Grafana plugin is loaded by Grafana and the CLI is the entry point: importing either would
  // reverse an arrow, even from a test.
  importedByNothing: ['@perflens/plugin', '@perflens/cli'],
  // k6 scripts run inside k6, which provides `k6/*`. No module by URL: scripts must start offline.
  runtimeModules: { '@perflens/k6-scripts': ['k6'] },
  // The plugin scaffold resolves bare specifiers from src/ first (webpack `resolve.modules`, jest
  // `modulePaths` in plugin/.config), which is how module.tsx reads its plugin.json.
  ownBareModules: { '@perflens/plugin': ['plugin.json'] },
  // k6 >= 0.57 runs the scripts' TypeScript as it is and resolves no package names, so the k6 modules reach
  // the conventions' sources by relative path (k6-scripts/src/shared/conventions.ts); those files import
  // nothing (conventions-dependencies.test.ts), so nothing else comes along.
  sourceImports: { '@perflens/k6-scripts': ['conventions/src'] },
};

// Product code lives in src/ (k6-scripts also in generated/, which its scripts import); tests, benchmarks,
// fixtures and build tools elsewhere. The plugin's harness, browser tests and Playwright specs are test code.
const extraRoots: Record<string, Partial<CodeRoots>> = {
  'k6-scripts': { product: ['generated'], test: ['bin', 'build'] },
  plugin: { test: ['harness', 'browser-tests', 'tests'] },
};

function codeRootsOf(folder: string): CodeRoots {
  return {
    product: ['src', ...(extraRoots[folder]?.product ?? [])],
    test: ['test', 'bench', ...(extraRoots[folder]?.test ?? [])],
  };
}

const repositoryRoot = path.resolve(__dirname, '../../..');
const snapshot = readRepositorySnapshot(repositoryRoot, codeRootsOf);

describe('the workspace dependency graph', () => {
  it('scans every workspace of the root package.json, each with product code', () => {
    const scanned = snapshot.workspaces.map((workspace) => ({
      folder: workspace.folder,
      hasProductCode: workspace.files.some((file) => file.role === 'product'),
    }));
    expect(scanned).toEqual(
      (snapshot.rootManifest.workspaces ?? []).map((folder) => ({ folder, hasProductCode: true })),
    );
  });

  // TypeScript's import pre-processor is a second, independent reader; the scanner must agree with it on
  // every file (it does not report require.resolve, which the scanner adds).
  it("reads every file's imports as TypeScript's pre-processor does", () => {
    const disagreements = snapshot.workspaces
      .flatMap((workspace) => workspace.files)
      .map((file) => ({
        file: file.path,
        scanner: scanImports(file.text, file.path)
          .filter((reference) => reference.form !== 'require.resolve')
          .map((reference) => reference.specifier)
          .sort(),
        typescript: ts
          .preProcessFile(file.text, true, true)
          .importedFiles.map((reference) => reference.fileName)
          .sort(),
      }))
      .filter(({ scanner, typescript }) => scanner.join('\n') !== typescript.join('\n'));
    expect(disagreements).toEqual([]);
  });

  it('is one-way, declared, and free of relative or dist imports across workspaces', () => {
    expect(checkWorkspaceDependencies(snapshot, policy).map(formatViolation)).toEqual([]);
  });
});
