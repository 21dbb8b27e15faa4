// `npm test` runs every workspace's tests (unit and integration) in one jest run so CI gets one total.
module.exports = {
  projects: [
    'conventions',
    'supervisor',
    'test-harness',
    'instrument',
    'advisor',
    'exporter',
    'alert-rules',
    'analysis',
    'k6-scripts',
    'demo',
    'bookings',
    'stack',
    'bundle',
    'provisioning',
    'cli',
    'plugin',
  ].map((folder) => `<rootDir>/${folder}`),
  // Services are started per test file; two workers keep a 2-core machine busy without thrashing.
  maxWorkers: 2,
  // testTimeout is a global option: jest ignores it in a project's config, so jest.shared.js's value only
  // applies when a workspace runs alone. Same value here for the whole-repository run.
  testTimeout: 60_000,
  // One PostgreSQL cluster for the run (sharedPostgres()) and a sweep of anything tests left running;
  // see test-harness/README.md.
  globalSetup: '<rootDir>/test-harness/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/test-harness/src/jest/global-teardown.ts',
};
