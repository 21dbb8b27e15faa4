import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

interface FixtureInfo {
  metricsPort: number;
  workerPorts: number[];
}

function startFixture(): Promise<{ child: ChildProcess; info: FixtureInfo }> {
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', path.join(__dirname, '..', '..', 'test', 'fixtures', 'cluster-fixture.ts')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, info: JSON.parse(line) as FixtureInfo }),
    );
    child.once('exit', (code) => reject(new Error(`cluster fixture exited with ${String(code)}: ${stderr}`)));
  });
}

function sampleValue(exposition: string, series: string): number {
  const line = exposition.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

describe('cluster mode', () => {
  let fixture: { child: ChildProcess; info: FixtureInfo };

  beforeAll(async () => {
    fixture = await startFixture();
  });
  afterAll(async () => {
    if (fixture.child.exitCode === null) {
      const exited = new Promise((resolve) => fixture.child.once('exit', resolve));
      fixture.child.kill('SIGTERM');
      await exited;
    }
  });

  it('sums request counts from two workers in one scrape of the primary', async () => {
    const [first, second] = fixture.info.workerPorts;
    expect(fixture.info.workerPorts).toHaveLength(2);
    for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${first}/work/${i}`)).text();
    for (let i = 0; i < 5; i++) await (await fetch(`http://127.0.0.1:${second}/work/${i}`)).text();

    const response = await fetch(`http://127.0.0.1:${fixture.info.metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const body = await response.text();
    const series =
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/work/:id",http_response_status_code="200"}';
    expect(sampleValue(body, series)).toBe(8);
    // Utilization is a share: averaged across workers, never summed past 1.
    expect(sampleValue(body, 'perflens_nodejs_eventloop_utilization')).toBeLessThanOrEqual(1);
  });

  it('does not serve a partial view from a worker', async () => {
    const response = await fetch(`http://127.0.0.1:${fixture.info.workerPorts[0]}/metrics`);
    expect(response.status).toBe(404);
  });
});
