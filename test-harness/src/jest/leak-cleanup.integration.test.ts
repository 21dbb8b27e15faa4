import { existsSync } from 'node:fs';
import { isRunning } from '@perflens/supervisor';
import type { LeakReport } from './fixtures/leak-services';
import { runFixtureJest } from './fixtures/run-fixture-jest';

const leakyFiles = ['leaky-a.fixture.ts', 'leaky-b.fixture.ts'];

function leftovers(reports: LeakReport[]): string[] {
  return reports.flatMap((r) => [
    ...(isRunning(r.alertmanagerPid) ? [`alertmanager ${r.alertmanagerPid}`] : []),
    ...(isRunning(r.postmasterPid) ? [`postgres ${r.postmasterPid}`] : []),
    ...(existsSync(r.alertmanagerDir) ? [r.alertmanagerDir] : []),
    ...(existsSync(r.dataDir) ? [r.dataDir] : []),
  ]);
}

describe('services a test forgot to stop', () => {
  it('are stopped by the exit hook when jest runs in band, and both files share one worker cluster', async () => {
    const run = await runFixtureJest<LeakReport>({ files: leakyFiles, args: ['--runInBand'] });
    expect(run.code).toBe(0);
    expect(run.reports.map((r) => r.file).sort()).toEqual(['a', 'b']);
    expect(new Set(run.reports.map((r) => r.postmasterPid)).size).toBe(1);
    expect(leftovers(run.reports)).toEqual([]);
  });

  it("are stopped by each worker's exit hook when jest runs two workers", async () => {
    const run = await runFixtureJest<LeakReport>({ files: leakyFiles, args: ['--maxWorkers=2'] });
    expect(run.code).toBe(0);
    expect(run.reports.map((r) => r.file).sort()).toEqual(['a', 'b']);
    expect(new Set(run.reports.map((r) => r.workerPid)).size).toBe(2);
    expect(leftovers(run.reports)).toEqual([]);
  });

  it('are stopped when jest force-exits their worker with SIGTERM', async () => {
    const run = await runFixtureJest<LeakReport>({
      files: leakyFiles,
      args: ['--maxWorkers=2'],
      env: { PERFLENS_FIXTURE_SIGNAL_FILE: 'a', PERFLENS_FIXTURE_SIGNAL: 'SIGTERM' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('A jest worker process (pid=');
    expect(run.stderr).toContain('was terminated by another process: signal=SIGTERM');
    expect(run.reports.map((r) => r.file).sort()).toEqual(['a', 'b']);
    expect(leftovers(run.reports)).toEqual([]);
  });

  it('are killed by the global teardown when their worker was SIGKILLed', async () => {
    const run = await runFixtureJest<LeakReport>({
      files: leakyFiles,
      args: ['--maxWorkers=2'],
      withGlobalHooks: true,
      env: { PERFLENS_FIXTURE_SIGNAL_FILE: 'a', PERFLENS_FIXTURE_SIGNAL: 'SIGKILL' },
    });
    const killed = run.reports.find((r) => r.file === 'a');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `@perflens/test-harness: killed alertmanager (pid ${killed?.alertmanagerPid}) left running by a test`,
    );
    expect(leftovers(run.reports)).toEqual([]);
  });
});
