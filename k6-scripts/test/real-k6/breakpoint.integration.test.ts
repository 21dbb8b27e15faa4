import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWithK6 } from '@perflens/test-harness';
import { expectExitCode, remoteWritten, runScript, useK6DemoStack } from './k6-demo-stack';

// The breakpoint bundle under a real k6 against the demo with its cpu-bound bottleneck on, and an endpoint
// mix of that one route: every request blocks the demo's event loop for 200 ms, so the demo serves at most
// 5 requests/s whatever the machine. The staircase 2, 4, 6, 8 requests/s (3 s steps) breaks the SLO
// (p99 <= 250 ms) by 6 at the latest, where the queue grows without bound, and the abortOnFail SLO
// thresholds end the run (exit 99) before the last step. The capacity found is 2 or 4 requests/s, or "no
// step held" on a machine so busy that 200 ms of work plus the request's overhead passes 250 ms (measured:
// 204-254 ms at 2 requests/s with other tests running); never 6 or more.

const SUMMARY_ONLY_MIX = {
  endpoints: [
    {
      route: '/api/customers/:id/summary',
      method: 'GET',
      path: '/api/customers/{id}/summary',
      pathValues: { id: ['1', '2', '3'] },
    },
  ],
};

describeWithK6('k6 breakpoint test against the demo with a CPU-bound handler', (k6) => {
  const stack = useK6DemoStack();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-k6-breakpoint-'));
  const mixFile = path.join(dir, 'endpoint-mix.json');
  beforeAll(() => writeFileSync(mixFile, JSON.stringify(SUMMARY_ONLY_MIX)));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the capacity, aborts through abortOnFail (exit 99) and reports unreached steps as not reached', async () => {
    await stack().switchBottleneck('cpu-bound', true);
    const run = await runScript(k6, stack(), 'breakpoint', 'real-k6-breakpoint', {
      ENDPOINT_MIX: mixFile,
      BREAKPOINT_STEP_RATE: '2',
      BREAKPOINT_STEP_DURATION: '3s',
      BREAKPOINT_MAX_RATE: '8',
      MAX_ITERATION_SECONDS: '3',
    });
    expectExitCode(run, 99);
    expect(run.stderr).toMatch(/at least one has abortOnFail enabled, stopping test prematurely/);
    expect(run.summary.metrics.http_req_duration?.thresholds).toEqual({ 'p(99)<=250': { ok: false } });

    // The capacity: below 6 requests/s (the demo serves at most 5/s), named in the headline and the report,
    // with the step that broke the latency SLO in the table.
    expect(run.stdout).toMatch(
      /breakpoint: (highest rate sustained within the SLO: [24] requests\/s|no step held the SLO)\n/,
    );
    expect(run.markdown).toMatch(
      /### Capacity\n\n(Highest rate sustained within the SLO: \*\*[24] requests\/s\*\*|No step held the SLO)/,
    );
    expect(run.markdown).toMatch(
      /\| [246] \| \d+ \| ❌ (broke demo-api-latency|sent \d+ of \d+ planned requests) \|/,
    );
    expect(run.markdown).toContain('| `http_req_duration{target_rate:2}` | `p(99)<=250` |');
    // The run stopped before the top step: its thresholds judged nothing and say so.
    expect(run.summary.metrics['http_reqs{target_rate:8}']?.values.count).toBe(0);
    expect(run.markdown).toContain('| `http_req_duration{target_rate:8}` | `p(99)<=250` | – | not reached |');
    expect(run.markdown).not.toMatch(/target_rate:8\}` .*✅/);
    expect(run.junit).toMatch(
      /<testsuite name="k6.breakpoint thresholds" tests="\d+" failures="[1-9]\d*" skipped="[1-9]\d*">/,
    );

    const series = await remoteWritten(stack().prometheus, 'k6_http_reqs_total', 'real-k6-breakpoint');
    expect(series).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          test_type: 'breakpoint',
          target_rate: '2',
          name: '/api/customers/:id/summary',
        }),
      ]),
    );
  }, 90_000);
});
