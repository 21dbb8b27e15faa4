import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, useSharedPostgres } from '@perflens/test-harness';
import { retentionDuration } from '../cli/up-command';
import { DEFAULT_PORTS, type StackOptions } from '../cli/stack-options';
import { runStack } from '../run-stack';

/** Prometheus' own report of a flag it runs with (/api/v1/status/flags). */
async function prometheusFlag(url: string, flag: string): Promise<string | undefined> {
  const response = await fetch(`${url}/api/v1/status/flags`);
  const body = (await response.json()) as { data: Record<string, string> };
  return body.data[flag];
}

/**
 * `perflens up --retention` reaches the Prometheus it starts. The stack runs with your service and database
 * (the run's shared PostgreSQL, a target nobody listens on), so only the exporter, the alert sinks,
 * Alertmanager and Prometheus start; the exporter is the built binary (npm run build).
 */
describe('perflens up: Prometheus retention', () => {
  const database = useSharedPostgres();
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-up-retention-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function options(retention?: string): Promise<StackOptions> {
    const ports = { ...DEFAULT_PORTS };
    const taken = new Set<number>();
    for (const name of Object.keys(ports) as Array<keyof typeof ports>) {
      let port = await freePort();
      while (taken.has(port)) port = await freePort();
      taken.add(port);
      ports[name] = port;
    }
    return {
      dataDir: path.join(dataDir, retention ?? 'default'),
      ports,
      targets: [`127.0.0.1:${ports.demo}`],
      job: 'demo-api',
      databaseUrl: database().connectionString,
      scale: 1,
      rate: 0,
      statusEverySeconds: 0,
      installPackages: false,
      ...(retention === undefined ? {} : { retention }),
    };
  }

  it.each([
    { given: '9d', reported: '9d' },
    { given: undefined, reported: '2d' },
  ])(
    '--retention $given: Prometheus runs with storage.tsdb.retention.time=$reported',
    async ({ given, reported }) => {
      const stack = await runStack(await options(given), () => undefined);
      try {
        expect(await prometheusFlag(stack.urls.prometheus!, 'storage.tsdb.retention.time')).toBe(reported);
      } finally {
        await stack.stop();
      }
    },
    60_000,
  );

  it('--retention takes a duration and names itself when given anything else', () => {
    expect(retentionDuration('35d')).toBe('35d');
    expect(() => retentionDuration('2 days')).toThrow('--retention: "2 days" is not a duration');
  });
});
