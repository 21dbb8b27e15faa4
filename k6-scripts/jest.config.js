// The shared jest setup (../jest.shared.js) plus what only this workspace needs: tests of the Node build
// tools (build/, bin/) and stand-ins for k6's built-in modules, which exist only inside k6.
const shared = require('../jest.shared.js')(__dirname);

module.exports = {
  ...shared,
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/build', '<rootDir>/bin'],
  moduleNameMapper: {
    ...shared.moduleNameMapper,
    '^k6$': '<rootDir>/test/k6.ts',
    '^k6/(http|execution|metrics)$': '<rootDir>/test/k6-$1.ts',
    '^k6/experimental/browser$': '<rootDir>/test/k6-experimental-browser.ts',
  },
};
