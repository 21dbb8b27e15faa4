// One jest configuration for every workspace: TypeScript through @swc/jest (no type-checking at test
// time; `npm run typecheck` does that), and @perflens/* imports resolved to the workspaces' sources so
// tests never need a build first.
const fs = require('node:fs');
const path = require('node:path');

/** Every TypeScript workspace by package name; the plugin's jest config reuses this map. */
const workspaceFolders = {
  '@perflens/conventions': 'conventions',
  '@perflens/supervisor': 'supervisor',
  '@perflens/test-harness': 'test-harness',
  '@perflens/instrument': 'instrument',
  '@perflens/advisor': 'advisor',
  '@perflens/exporter': 'exporter',
  '@perflens/alert-rules': 'alert-rules',
  '@perflens/analysis': 'analysis',
  '@perflens/k6-scripts': 'k6-scripts',
  '@perflens/demo': 'demo',
  '@perflens/bookings': 'bookings',
  '@perflens/stack': 'stack',
  '@perflens/bundle': 'bundle',
  '@perflens/provisioning': 'provisioning',
  '@perflens/cli': 'cli',
};

/** Package entry points (and subpath exports such as @perflens/analysis/engine) mapped to their sources. */
function workspaceModuleNameMapper(root = __dirname) {
  const mapper = {
    '^@perflens/analysis/engine$': path.join(root, 'analysis', 'src', 'engine.ts'),
  };
  for (const [name, folder] of Object.entries(workspaceFolders)) {
    mapper[`^${name}$`] = path.join(root, folder, 'src', 'index.ts');
  }
  return mapper;
}

function sharedJestConfig(workspaceDir) {
  // Product code and its unit tests live in src/; e2e tests, fixtures and fake servers in test/.
  const roots = ['src', 'test'].filter((dir) => fs.existsSync(path.join(workspaceDir, dir)));
  return {
    displayName: path.basename(workspaceDir),
    rootDir: workspaceDir,
    testEnvironment: 'node',
    roots: roots.map((dir) => `<rootDir>/${dir}`),
    testMatch: ['**/*.test.ts'],
    transform: {
      '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    },
    moduleNameMapper: workspaceModuleNameMapper(),
    // Integration tests start real services; a generous default keeps slow CI machines honest
    // without hiding hangs (the harness stops services in afterAll regardless of the outcome).
    testTimeout: 60_000,
  };
}

module.exports = sharedJestConfig;
module.exports.workspaceFolders = workspaceFolders;
module.exports.workspaceModuleNameMapper = workspaceModuleNameMapper;
