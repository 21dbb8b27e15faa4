// `npm test` runs every workspace's tests (unit and integration) in one jest run so CI gets one total.
module.exports = {
  projects: ['test-harness', 'exporter', 'analysis', 'alert-rules', 'k6-scripts', 'demo', 'cli'].map(
    (folder) => `<rootDir>/${folder}`,
  ),
  // Services are started per test file; two workers keep a 2-core machine busy without thrashing.
  maxWorkers: 2,
};
