// One jest configuration for every workspace: TypeScript through @swc/jest (no type-checking at test
// time; `npm run typecheck` does that), and @perflens/* imports resolved to the workspaces' sources so
// tests never need a build first.
const path = require('node:path');

const workspaceFolders = {
  '@perflens/test-harness': 'test-harness',
  '@perflens/exporter': 'exporter',
  '@perflens/analysis': 'analysis',
  '@perflens/alert-rules': 'alert-rules',
  '@perflens/k6-scripts': 'k6-scripts',
  '@perflens/demo': 'demo',
  '@perflens/provisioning': 'provisioning',
  '@perflens/cli': 'cli',
};

module.exports = function sharedJestConfig(workspaceDir) {
  const root = __dirname;
  const moduleNameMapper = {};
  for (const [name, folder] of Object.entries(workspaceFolders)) {
    moduleNameMapper[`^${name}$`] = path.join(root, folder, 'src/index.ts');
  }
  return {
    displayName: path.basename(workspaceDir),
    rootDir: workspaceDir,
    testEnvironment: 'node',
    roots: ['<rootDir>/src'],
    testMatch: ['**/*.test.ts'],
    transform: {
      '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    },
    moduleNameMapper,
    // Integration tests start real services; a generous default keeps slow CI machines honest
    // without hiding hangs (the harness stops services in afterAll regardless of the outcome).
    testTimeout: 60_000,
  };
};
