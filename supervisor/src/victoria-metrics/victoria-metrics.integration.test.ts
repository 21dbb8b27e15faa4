import { existsSync } from 'node:fs';
import { MissingBinaryError } from '../process/binaries';
import { isRunning } from '../process/process-status';
import { requestJson } from '../service/http-json';
import { startVictoriaMetricsServer, type VictoriaMetricsServer } from './victoria-metrics-server';
import { startVmagentServer, type VmagentServer } from './vmagent-server';

interface QueryAnswer {
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('VictoriaMetrics and vmagent from the Debian package', () => {
  let store: VictoriaMetricsServer;
  let agent: VmagentServer;

  beforeAll(async () => {
    store = await startVictoriaMetricsServer();
    // vmagent scrapes the store's own /metrics and writes the samples back into it.
    agent = await startVmagentServer({
      config: {
        global: { scrape_interval: '1s' },
        scrape_configs: [
          { job_name: 'store', static_configs: [{ targets: [store.url.replace('http://', '')] }] },
        ],
      },
      remoteWriteUrls: [`${store.url}/api/v1/write`],
    });
  });

  afterAll(async () => {
    await agent?.stop();
    await store?.stop();
  });

  it('start on free ports, answer /health, and the scraped samples reach the store', async () => {
    expect(store.port).not.toBe(agent.port);
    let answer: QueryAnswer | undefined;
    for (let i = 0; i < 300; i++) {
      answer = await requestJson<QueryAnswer>('GET', `${store.url}/api/v1/query?query=up{job="store"}`);
      if (answer.data.result.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer?.data.result.map((sample) => sample.value[1])).toEqual(['1']);
  });

  it('stop() ends the process and removes the temporary folder', async () => {
    const other = await startVictoriaMetricsServer();
    const pid = other.pid;
    expect(pid).toBeDefined();
    await other.stop();
    expect(other.pid).toBeUndefined();
    expect(isRunning(pid as number)).toBe(false);
    expect(existsSync(other.dir)).toBe(false);
  });

  it('a missing binary names the Debian package and the override', async () => {
    const error = await startVictoriaMetricsServer({ binary: '/nonexistent/victoria-metrics' }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(MissingBinaryError);
    expect((error as Error).message).toBe(
      '/nonexistent/victoria-metrics is missing or not executable: install the Debian package victoria-metrics ' +
        '(apt-get install victoria-metrics) or set PERFLENS_VICTORIA_METRICS_BIN to another location',
    );
  });
});
