// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const path = require('path');
const base = require('./.config/jest.config');
const { workspaceModuleNameMapper } = require('../jest.shared.js');

// Extends the scaffold's config (.config/ stays untouched so `create-plugin update` keeps working):
// - `.mjs` is transformed too: d3-color 3.1.1 ships ESM as .mjs, which the base pattern misses
//   (shared/reference/grafana-plugin.md §1.7).
// - @perflens/* (the analysis engine, conventions, the harness) resolve to their TypeScript sources, so tests need no build first (as jest.shared.js
//   does for the other workspaces).
// - browser-tests/ (Playwright against the standalone harness) run in the same project, in Node.
// - tests/ holds @grafana/plugin-e2e specs for a real Grafana: Playwright's runner, never jest.
const [[, swcOptions]] = Object.values(base.transform);
module.exports = {
  ...base,
  displayName: 'plugin',
  transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', swcOptions] },
  moduleNameMapper: {
    ...base.moduleNameMapper,
    ...workspaceModuleNameMapper(path.join(__dirname, '..')),
  },
  testMatch: [...base.testMatch, '<rootDir>/browser-tests/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/'],
};
