import Module from 'node:module';
import path from 'node:path';

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

const repoRoot = path.resolve(__dirname, '../../..');
const installedKey = Symbol.for('@perflens/test-harness:workspace-sources');

/**
 * Makes Node resolve the @perflens/* packages to their TypeScript sources, as jest.shared.js's
 * moduleNameMapper does inside test files. Jest loads globalSetup and globalTeardown with Node's own
 * resolver and applies only the transform (runGlobalHook in @jest/core), so without this the hooks would
 * load the supervisor's dist: missing before a build, stale after an edit, and not the code the workers
 * run. Only the hooks import this module, in jest's main process, before anything else; test files keep
 * jest's own resolver.
 */
function resolveWorkspacesToSources(): void {
  const state = globalThis as Record<symbol, boolean | undefined>;
  if (state[installedKey]) return;
  state[installedKey] = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shared = require(path.join(repoRoot, 'jest.shared.js')) as {
    workspaceModuleNameMapper(root: string): Record<string, string>;
  };
  const sources = Object.entries(shared.workspaceModuleNameMapper(repoRoot)).map(
    ([pattern, file]) => [new RegExp(pattern), file] as const,
  );
  const internals = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    const source = sources.find(([pattern]) => pattern.test(request))?.[1];
    return resolve.call(this, source ?? request, ...rest);
  };
}

resolveWorkspacesToSources();
