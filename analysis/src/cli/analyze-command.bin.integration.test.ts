import { healthyProfile, JOB, useBackfilledPrometheus, writeServiceProfile } from '@perflens/test-harness';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'perflens.js');

/**
 * Two 40-minute slots of one service, three hours apart (no series reaches into the other slot through the
 * 5-minute lookback): a healthy one, and one where a fifth of /api/products' requests break the SLO.
 */
const ANCHOR_SECONDS = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const SLOT_SECONDS = 3 * 3600;
const WINDOW_SECONDS = 2400;
const HEALTHY = 0;
const SLOW_ROUTE = 1;
const windowOf = (slot: number): [number, number] => {
  const start = ANCHOR_SECONDS + slot * SLOT_SECONDS;
  return [start, start + WINDOW_SECONDS];
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `perflens analyze …` as CI runs it: the built binary in a child process (npm test builds first). */
function perflensAnalyze(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, 'analyze', ...args],
      { cwd: root, timeout: 50_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** The last 30 minutes of a slot, with the SLO file's job. */
const slotArgs = (slot: number) => [
  '--job',
  JOB,
  '--from',
  String(windowOf(slot)[1] - 1800),
  '--to',
  String(windowOf(slot)[1]),
];

/** The exit-code contract of README.md ("Exit codes") for `perflens analyze`, through bin/perflens.js. */
describe('perflens analyze exit codes (bin/perflens.js)', () => {
  const prometheus = useBackfilledPrometheus((writer) => {
    if (!existsSync(path.join(root, 'cli', 'dist', 'main.js')))
      throw new Error('cli/dist/main.js is missing: run "npm run build" (npm test does it first)');
    writeServiceProfile(writer, windowOf(HEALTHY), healthyProfile());
    const slow = healthyProfile();
    Object.assign(slow.routes[0]!, { slowShare: 0.2 });
    writeServiceProfile(writer, windowOf(SLOW_ROUTE), slow);
  });
  const url = () => prometheus().url;

  it('exits 0 on a healthy service under --fail-on warning', async () => {
    const run = await perflensAnalyze('--prometheus', url(), ...slotArgs(HEALTHY), '--fail-on', 'warning');
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 1 and counts the findings when one is at or above --fail-on', async () => {
    const run = await perflensAnalyze('--prometheus', url(), ...slotArgs(SLOW_ROUTE), '--fail-on', 'warning');
    expect(run.stdout).toContain('/api/products');
    expect(run.stderr).toMatch(/^perflens analyze: \d+ findings? at or above warning\n$/);
    expect(run.code).toBe(1);
  });

  it('exits 0 on the same findings under --fail-on never', async () => {
    const run = await perflensAnalyze('--prometheus', url(), ...slotArgs(SLOW_ROUTE), '--fail-on', 'never');
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 2 under --fail-on when the k6 run of --testid has no samples: a gate that judged nothing fails', async () => {
    const run = await perflensAnalyze(
      '--prometheus',
      url(),
      ...slotArgs(HEALTHY),
      '--testid',
      'no-such-run',
      '--fail-on',
      'critical',
    );
    expect(run.stderr).toMatch(/^perflens analyze: .*no-such-run/);
    expect(run.code).toBe(2);
  });

  it('exits 2 under --fail-on when the job has no series in the range, and warns on stderr', async () => {
    const [from, to] = [String(windowOf(HEALTHY)[1] - 1800), String(windowOf(HEALTHY)[1])];
    const args = ['--prometheus', url(), '--job', 'nosuchjob', '--from', from, '--to', to];
    const warning =
      'job "nosuchjob" has no series in the 30m up to 2023-11-15T00:40:00Z: check --job and the time range';
    const gated = await perflensAnalyze(...args, '--fail-on', 'critical');
    expect(gated).toMatchObject({
      code: 2,
      stderr:
        `perflens analyze: warning: ${warning}\n` +
        'perflens analyze: --fail-on critical cannot pass: job "nosuchjob" has nothing to judge (see the warning above)\n',
    });
    expect(gated.stdout).toContain(`Warning: ${warning}`);
    const ungated = await perflensAnalyze(...args, '--fail-on', 'never');
    expect(ungated).toMatchObject({ code: 0, stderr: `perflens analyze: warning: ${warning}\n` });
  });

  it.each([
    ['a bad --fail-on', ['--fail-on', 'sometimes'], '--fail-on'],
    ['a bad --format', ['--format', 'yaml'], '--format must be one of'],
    ['a missing SLO file', ['--slo', 'no/such/slo.yaml'], 'no/such/slo.yaml'],
  ])('exits 2 on %s', async (_title, args, message) => {
    const run = await perflensAnalyze('--prometheus', url(), ...slotArgs(HEALTHY), ...args);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
  });
});
