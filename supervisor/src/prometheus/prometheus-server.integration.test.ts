import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../process/free-port';
import { requestJson } from '../service/http-json';
import { prometheusArgs, startPrometheusServer } from './prometheus-server';

interface Envelope<T> {
  data: T;
}

const selfScrape = ({ port }: { port: number }) =>
  `global: { scrape_interval: 1s }\nscrape_configs: [{ job_name: self, static_configs: [{ targets: ['127.0.0.1:${port}'] }] }]\n`;

async function upAt(url: string, time?: number): Promise<string[]> {
  const params = new URLSearchParams({ query: 'up', ...(time === undefined ? {} : { time: String(time) }) });
  const body = await requestJson<Envelope<{ result: Array<{ value: [number, string] }> }>>(
    'GET',
    `${url}/api/v1/query?${params}`,
  );
  return body.data.result.map((sample) => sample.value[1]);
}

describe('prometheusArgs', () => {
  it('spells the command line once: config, TSDB under the folder, loopback, lifecycle API', () => {
    expect(prometheusArgs({ port: 9090, dir: '/srv/prom', configFile: '/srv/prom/prometheus.yml' })).toEqual([
      '--config.file=/srv/prom/prometheus.yml',
      '--storage.tsdb.path=/srv/prom/data',
      '--web.listen-address=127.0.0.1:9090',
      '--web.enable-lifecycle',
    ]);
  });
});

describe('startPrometheusServer in a kept folder on a fixed port', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'perflens-kept-prometheus-'));
    chmodSync(scratch, 0o755);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('keeps its TSDB across a restart, takes extra flags and logs to one file', async () => {
    const dir = path.join(scratch, 'prometheus');
    const logFile = path.join(scratch, 'logs', 'prometheus.log');
    const port = await freePort();
    const options = {
      dir,
      port,
      logFile,
      config: selfScrape,
      extraArgs: ['--web.enable-remote-write-receiver'],
    };
    const first = await startPrometheusServer(options);
    let scrapedAt: number;
    try {
      expect([first.url, first.dir]).toEqual([`http://127.0.0.1:${port}`, dir]);
      const flags = await requestJson<Envelope<Record<string, string>>>(
        'GET',
        `${first.url}/api/v1/status/flags`,
      );
      expect([flags.data['storage.tsdb.path'], flags.data['web.enable-remote-write-receiver']]).toEqual([
        path.join(dir, 'data'),
        'true',
      ]);
      // The first scrape of a static target comes about 5 s after startup (prometheus/prometheus#15359).
      const deadline = Date.now() + 30_000;
      while ((await upAt(first.url)).length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      scrapedAt = Date.now() / 1000;
      expect(await upAt(first.url)).toEqual(['1']);
    } finally {
      await first.stop();
    }
    expect(existsSync(path.join(dir, 'prometheus.yml'))).toBe(true);

    const second = await startPrometheusServer(options);
    try {
      // Asked about the first run's time, before any new scrape could answer: read back from the kept TSDB.
      expect(await upAt(second.url, scrapedAt)).toEqual(['1']);
    } finally {
      await second.stop();
    }
    const log = readFileSync(logFile, 'utf8');
    expect(log.split('prometheus started (pid').length - 1).toBe(2);
    expect(log).toContain('Server is ready to receive web requests.');
  });
});
