import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

interface JestConfig {
  projects?: string[];
  globalSetup?: string;
  globalTeardown?: string;
  transform?: Record<string, string | [string, unknown]>;
}

/** The transformer a config applies to a TypeScript file, as jest picks it (first matching pattern). */
function tsTransformer(config: JestConfig): string | undefined {
  const match = Object.entries(config.transform ?? {}).find(([pattern]) => new RegExp(pattern).test('x.ts'));
  return match && (Array.isArray(match[1]) ? match[1][0] : match[1]);
}

describe('root jest configuration', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require(path.join(repoRoot, 'jest.config.js')) as JestConfig;

  it('wires the harness global setup and teardown', () => {
    expect([root.globalSetup, root.globalTeardown]).toEqual([
      '<rootDir>/test-harness/src/jest/global-setup.ts',
      '<rootDir>/test-harness/src/jest/global-teardown.ts',
    ]);
  });

  // Jest transforms the root globalSetup/globalTeardown with the transform of the first selected test's
  // project, not with a root `transform` (@jest/core runGlobalHook). The TypeScript hooks therefore need
  // every project to transform .ts files; this fails before a project change breaks `npx jest`.
  it.each((root.projects ?? []).map((project) => [path.basename(project)]))(
    'project %s transforms TypeScript with @swc/jest',
    (folder) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const config = require(path.join(repoRoot, folder, 'jest.config.js')) as JestConfig;
      expect(tsTransformer(config)).toBe('@swc/jest');
    },
  );
});
