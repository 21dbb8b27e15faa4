import { existsSync } from 'node:fs';
import { isRunning, ServiceStartError } from '@perflens/supervisor';
import { startPrometheus, type PrometheusInstance } from './start-prometheus';

const latencyRules = `groups:
  - name: perflens-harness
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: HarnessAlwaysFiring
        expr: vector(1)
        labels:
          severity: info
`;

describe('startPrometheus', () => {
  let prometheus: PrometheusInstance;
  beforeAll(async () => {
    prometheus = await startPrometheus({
      config: ({ port }) => ({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: 'self', static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
      }),
      ruleFiles: { 'latency.rules.yml': latencyRules },
    });
  });
  afterAll(() => prometheus?.stop());

  it('scrapes itself until up == 1', async () => {
    const result = await prometheus.waitFor('up == 1', (r) => r.length === 1);
    expect(result[0]?.metric).toEqual({
      __name__: 'up',
      instance: `127.0.0.1:${prometheus.port}`,
      job: 'self',
    });
    expect(result[0]?.value[1]).toBe('1');
  });

  it('lists itself as a healthy target', async () => {
    await prometheus.waitFor('up', (r) => r.length === 1);
    const { activeTargets } = await prometheus.targets();
    expect(activeTargets.map((t) => [t.scrapePool, t.scrapeUrl, t.health])).toEqual([
      ['self', `http://127.0.0.1:${prometheus.port}/metrics`, 'up'],
    ]);
  });

  it('loads the rule file listed automatically next to the config', async () => {
    const groups = await prometheus.rules();
    expect(groups.map((g) => [g.name, g.file, g.rules.map((r) => [r.type, r.name])])).toEqual([
      [
        'perflens-harness',
        `${prometheus.dir}/latency.rules.yml`,
        [
          ['recording', 'job:up:sum'],
          ['alerting', 'HarnessAlwaysFiring'],
        ],
      ],
    ]);
  });

  it('evaluates the alerting rule into a firing alert', async () => {
    await prometheus.waitFor(
      'ALERTS{alertname="HarnessAlwaysFiring",alertstate="firing"}',
      (r) => r.length === 1,
    );
    const alerts = await prometheus.alerts();
    expect(alerts.map((a) => [a.labels.alertname, a.labels.severity, a.state])).toEqual([
      ['HarnessAlwaysFiring', 'info', 'firing'],
    ]);
  });

  it('reloads a changed rule file', async () => {
    await prometheus.reload({
      ruleFiles: {
        'latency.rules.yml': latencyRules.replace('job:up:sum', 'job:up:count').replace('sum by', 'count by'),
      },
    });
    const groups = await prometheus.rules();
    expect(groups[0]?.rules.map((r) => r.name)).toEqual(['job:up:count', 'HarnessAlwaysFiring']);
  });

  it("rejects a reload of an invalid config with Prometheus's reason", async () => {
    await expect(
      prometheus.reload({ config: 'scrape_configs: [{ job_name: 1s }]\nnonsense: true\n' }),
    ).rejects.toThrow(
      /answered 500: failed to reload config: [\s\S]*line 2: field nonsense not found in type config.plain$/,
    );
    await prometheus.reload({ config: 'global: { scrape_interval: 1s }\n' });
  });

  it('times out waitFor with the last result in the error', async () => {
    await expect(prometheus.waitFor('vector(7)', (r) => r.length === 0, { timeoutMs: 300 })).rejects.toThrow(
      /^vector\(7\) did not satisfy the condition within 300 ms; last result: \[\{"metric":\{\},"value":\[[0-9.]+,"7"\]\}\]$/,
    );
  });

  it('rejects a scalar query with a hint', async () => {
    await expect(prometheus.query('1')).rejects.toThrow(
      'query 1 returned a scalar, not a vector; wrap it in vector(...)',
    );
  });

  it('stops idempotently: the pid is gone and the folder removed', async () => {
    const pid = prometheus.pid as number;
    const dir = prometheus.dir;
    expect(isRunning(pid)).toBe(true);
    await Promise.all([prometheus.stop(), prometheus.stop()]);
    await prometheus.stop();
    expect(prometheus.pid).toBeUndefined();
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('startPrometheus failures', () => {
  it("reports an invalid config with Prometheus's own explanation", async () => {
    const error = await startPrometheus({ config: 'scrape_configs: nope\n' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toMatch(/^prometheus \(pid \d+\) exited with code 2 while starting\n/);
    expect((error as ServiceStartError).output).toMatch(
      /Error loading config[\s\S]*cannot unmarshal !!str `nope`/,
    );
  });
});
