// First, so that the imports below load @perflens/supervisor from its sources (see the module).
import './resolve-workspace-sources';
import { envVars } from '../env-vars';
import type { PostgresInstance } from '../postgres/start-postgres';
import { sharedClusterKey } from './global-setup';
import { sweepRunDir } from './run-dir';

/**
 * jest globalTeardown for the whole repository: stops the shared cluster, then kills whatever a test left
 * running (including services of a worker that was killed before its exit hook ran) and removes the run
 * folder. Leftovers are reported on stderr, because a test that leaks a service has a bug to fix.
 */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as Record<symbol, PostgresInstance | undefined>;
  await holder[sharedClusterKey]?.stop();
  holder[sharedClusterKey] = undefined;
  const runDir = process.env[envVars.runDir];
  if (runDir) {
    const leftovers = sweepRunDir(runDir).filter((record) => record.kind === 'process');
    for (const record of leftovers) {
      process.stderr.write(
        `@perflens/test-harness: killed ${record.label} (pid ${record.pid}) left running by a test\n`,
      );
    }
  }
  delete process.env[envVars.runDir];
  delete process.env[envVars.sharedPostgresUrl];
}
