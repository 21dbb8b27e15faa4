import { packageOfPath } from './package-of-path';

describe('packageOfPath', () => {
  it.each([
    ['a top-level package', 'node_modules/dup/index.js', { name: 'dup', installPath: 'node_modules/dup' }],
    [
      'a scoped package',
      './node_modules/@grafana/scenes/dist/a.js',
      { name: '@grafana/scenes', installPath: 'node_modules/@grafana/scenes' },
    ],
    [
      'a copy nested under another package',
      'node_modules/widget/node_modules/dup/index.js',
      { name: 'dup', installPath: 'node_modules/widget/node_modules/dup' },
    ],
    [
      'a hoisted package outside the project',
      '../node_modules/lib/a.js',
      { name: 'lib', installPath: '../node_modules/lib' },
    ],
    ['a Windows path', 'node_modules\\dup\\index.js', { name: 'dup', installPath: 'node_modules/dup' }],
  ])('names %s by its last node_modules folder', (_title, modulePath, expected) => {
    expect(packageOfPath(modulePath, '/nonexistent')).toEqual({ ...expected, version: 'unknown' });
  });

  it('is undefined for first-party code', () => {
    expect(packageOfPath('src/index.js', '/nonexistent')).toBeUndefined();
  });
});
