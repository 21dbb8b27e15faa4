import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * What a service that instruments itself installs: the packed @perflens/instrument and
 * @perflens/conventions in a fresh project, with production dependencies only. It must pull in
 * prom-client and its small closure, never the exporter's or the advisor's server stack. Runs on the
 * dist folders that `npm test` builds (tsc -b) before jest.
 */

const run = promisify(execFile);
const repositoryRoot = path.resolve(__dirname, '../..');
const instrumentFolder = path.join(repositoryRoot, 'instrument');

// What the standalone exporter, the advisor and the CLI need, and a service instrumenting itself must not
// get: express and pg are the service's own (optional peer dependencies), the rest belong to servers.
const serverOnlyPackages = ['express', 'pg', 'esbuild', 'libpg-query', 'pino', 'yaml', 'commander'];

// Measured on the 2-core development machine from the npm cache: pack 0.5 s and install 1.3 s alone, 1.1 s
// and 3.6 s beside the instrument and test-harness suites. The hook allows about thirty times the loaded
// figures, for a machine busy with the whole suite and a registry round trip.
const INSTALL_TIMEOUT_MS = 120_000;

interface PackedPackage {
  name: string;
  filename: string;
  files: { path: string }[];
}

interface InstalledPackage {
  name: string;
  folder: string;
}

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The environment of a child npm: none of the npm_* settings that `npm test` passes down to jest. */
function npmEnvironment(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_') || keep.has(name)),
  );
}

function readManifest(folder: string): Manifest {
  return JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as Manifest;
}

/** Every package folder below `node_modules`, nested ones included. */
function installedPackages(nodeModules: string): InstalledPackage[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) =>
      entry.startsWith('@')
        ? readdirSync(path.join(nodeModules, entry)).map((scoped) => `${entry}/${scoped}`)
        : [entry],
    )
    .flatMap((name) => {
      const folder = path.join(nodeModules, name);
      return [{ name, folder }, ...installedPackages(path.join(folder, 'node_modules'))];
    });
}

/** Node's lookup: the package's own node_modules, then each parent's, up to the project. */
function resolvePackageFolder(fromFolder: string, name: string, projectFolder: string): string | undefined {
  for (let folder = fromFolder; folder.startsWith(projectFolder); folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/**
 * The names of `rootFolder`'s package and everything its manifests declare for run time, followed
 * through the installed package.json files: dependencies, optional dependencies when present, and
 * peer dependencies not marked optional (npm installs those).
 */
function runtimeClosure(rootFolder: string, projectFolder: string): string[] {
  const names = new Set<string>();
  const pending = [rootFolder];
  const visited = new Set<string>();
  while (pending.length > 0) {
    const folder = pending.pop()!;
    if (visited.has(folder)) continue;
    visited.add(folder);
    const manifest = readManifest(folder);
    names.add(manifest.name);
    const required = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}).filter(
        (name) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
      ),
    ];
    for (const name of [...required, ...Object.keys(manifest.optionalDependencies ?? {})]) {
      const dependency = resolvePackageFolder(folder, name, projectFolder);
      if (dependency) pending.push(dependency);
      else if (required.includes(name))
        throw new Error(`${manifest.name} needs ${name}, which is not installed`);
    }
  }
  return [...names].sort();
}

function sizeInBytes(target: string): number {
  const stats = lstatSync(target);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(target).reduce((total, entry) => total + sizeInBytes(path.join(target, entry)), 0);
}

// CommonJS, as a service without a build step would write it. Express comes from the repository by
// absolute path: it is the service's own dependency, not something @perflens/instrument installs.
const serviceScript = `
const express = require(process.env.EXPRESS_MODULE);
const { instrument } = require('@perflens/instrument');
const app = express();
instrument({ app });
app.get('/orders/:id', (req, res) => res.json({ id: req.params.id }));
const server = app.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  const order = await fetch(base + '/orders/42');
  await order.text();
  const metrics = await fetch(base + '/metrics');
  process.stdout.write(JSON.stringify({
    instrumentModule: require.resolve('@perflens/instrument'),
    promClientModule: require.resolve('prom-client', { paths: [require.resolve('@perflens/instrument')] }),
    orderStatus: order.status,
    metricsStatus: metrics.status,
    metrics: await metrics.text(),
  }));
  process.exit(0);
});
`;

describe('@perflens/instrument installed alone from its packed tarball', () => {
  let project: string;
  let packed: PackedPackage[];

  beforeAll(async () => {
    for (const folder of ['conventions', 'instrument']) {
      if (!existsSync(path.join(repositoryRoot, folder, 'dist', 'index.js'))) {
        throw new Error(`${folder}/dist is missing: build first (npx tsc -b tsconfig.build.json)`);
      }
    }
    project = await mkdtemp(path.join(os.tmpdir(), 'perflens-instrument-install-'));
    const env = npmEnvironment();
    const packStarted = performance.now();
    const pack = await run(
      'npm',
      [
        'pack',
        '--json',
        '--pack-destination',
        project,
        '-w',
        '@perflens/conventions',
        '-w',
        '@perflens/instrument',
      ],
      { cwd: repositoryRoot, env, maxBuffer: 16 * 1024 * 1024 },
    );
    packed = JSON.parse(pack.stdout) as PackedPackage[];
    const installStarted = performance.now();
    await writeFile(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'instrumented-service', version: '1.0.0', private: true }),
    );
    await run(
      'npm',
      [
        'install',
        '--omit=dev',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        ...packed.map((tarball) => `./${tarball.filename}`),
      ],
      { cwd: project, env, maxBuffer: 16 * 1024 * 1024 },
    );
    console.log(
      `npm pack ${((installStarted - packStarted) / 1000).toFixed(1)} s, ` +
        `npm install ${((performance.now() - installStarted) / 1000).toFixed(1)} s`,
    );
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('packs only dist/, package.json and README.md, with no test code', () => {
    const files = packed
      .find((tarball) => tarball.name === '@perflens/instrument')!
      .files.map((file) => file.path);
    expect([...new Set(files.map((file) => file.split('/')[0]))].sort()).toEqual([
      'README.md',
      'dist',
      'package.json',
    ]);
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts']));
    expect(
      files.filter((file) => /\.(test|spec|fixture)\.|\/(test|tests|bench|fixtures|testdata)\//.test(file)),
    ).toEqual([]);
    // tsc's incremental state is build bookkeeping, not product code.
    expect(files.filter((file) => file.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  it("installs exactly the closure of instrument's runtime dependencies, and no server package", () => {
    const nodeModules = path.join(project, 'node_modules');
    const installed = installedPackages(nodeModules);
    const topLevel = installed.filter((pkg) => pkg.folder === path.join(nodeModules, pkg.name));
    const instrumentFolderInstalled = path.join(nodeModules, '@perflens', 'instrument');

    expect(readManifest(instrumentFolderInstalled).dependencies).toEqual(
      readManifest(instrumentFolder).dependencies,
    );
    expect(topLevel.map((pkg) => pkg.name).sort()).toEqual(
      runtimeClosure(instrumentFolderInstalled, project),
    );
    expect(installed.map((pkg) => pkg.name).filter((name) => serverOnlyPackages.includes(name))).toEqual([]);

    const megabytes = sizeInBytes(nodeModules) / 1024 / 1024;
    console.log(`installed: ${installed.length} packages, ${megabytes.toFixed(1)} MB in node_modules`);
  });

  it('instruments an Express app in a child process and serves the request on /metrics', async () => {
    const script = path.join(project, 'service.js');
    await writeFile(script, serviceScript);
    const { stdout } = await run(process.execPath, [script], {
      cwd: project,
      env: { PATH: process.env.PATH, EXPRESS_MODULE: require.resolve('express') },
      timeout: 30_000,
    });
    const result = JSON.parse(stdout) as {
      instrumentModule: string;
      promClientModule: string;
      orderStatus: number;
      metricsStatus: number;
      metrics: string;
    };

    expect(result.instrumentModule.startsWith(path.join(project, 'node_modules'))).toBe(true);
    expect(result.promClientModule.startsWith(path.join(project, 'node_modules'))).toBe(true);
    expect({ orderStatus: result.orderStatus, metricsStatus: result.metricsStatus }).toEqual({
      orderStatus: 200,
      metricsStatus: 200,
    });
    expect(result.metrics.split('\n')).toContain(
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/orders/:id",http_response_status_code="200"} 1',
    );
  });
});
