import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFixtureJest } from './fixtures/run-fixture-jest';
import { useBackfilledPrometheus } from './use-backfilled-prometheus';

const START = 1_700_006_400; // 2023-11-15T00:00:00Z
const WINDOW: [number, number] = [START, START + 30];

describe('useBackfilledPrometheus', () => {
  const prometheus = useBackfilledPrometheus(
    (writer) => writer.gauge('fixture_temperature_celsius', { room: 'lab' }, WINDOW, (t) => t - START),
    { scrapeIntervalSeconds: 1 },
  );
  let earlyUse: unknown;
  try {
    prometheus();
  } catch (error) {
    earlyUse = error;
  }

  it('serves the written series, one sample per scrapeIntervalSeconds', async () => {
    // Half a second past the last sample, so the 20 s range holds START+11 … START+30 whether its left
    // edge is open (Prometheus 3) or closed (Prometheus 2).
    const at = new Date((WINDOW[1] + 0.5) * 1000);
    const result = await prometheus().query('count_over_time(fixture_temperature_celsius[20s])', at);
    expect(result.map((sample) => sample.value[1])).toEqual(['20']);
    const last = await prometheus().query('fixture_temperature_celsius', at);
    expect(last.map((sample) => [sample.metric, sample.value[1]])).toEqual([
      [{ __name__: 'fixture_temperature_celsius', room: 'lab' }, '30'],
    ]);
  });

  it('refuses use before beforeAll with a clear error', () => {
    expect(earlyUse).toEqual(
      new Error(
        'the backfilled Prometheus is not running: use it in tests or hooks between beforeAll and afterAll (did beforeAll fail?)',
      ),
    );
  });

  it('stops Prometheus and removes the blocks even when beforeAll failed', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'perflens-backfill-fixture-'));
    try {
      const run = await runFixtureJest<{ case: string }>({
        files: ['backfill-timeout.fixture.ts'],
        args: ['--runInBand'],
        env: { TMPDIR: tmp },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Exceeded timeout of 1 ms for a hook');
      expect(run.stderr).toContain('deliberate write failure');
      expect(run.reports).toEqual([
        {
          case: 'timeout',
          whileStarting: ['perflens-backfill', 'perflens-prometheus'],
          afterwards: [],
          getterError:
            'the backfilled Prometheus is not running: use it in tests or hooks between beforeAll and afterAll (did beforeAll fail?)',
        },
        { case: 'write', afterwards: [] },
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 100_000);
});
