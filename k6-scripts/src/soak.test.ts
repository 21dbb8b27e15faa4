import { readFileSync } from 'node:fs';
import path from 'node:path';
import { k6Recorder } from '../test/k6-recorder.ts';

const MiB = 1024 * 1024;

interface SoakScript {
  teardown: () => void;
}

function loadSoak(env: Record<string, string>): SoakScript {
  const globals = globalThis as unknown as { __ENV: Record<string, string>; open: (file: string) => string };
  globals.__ENV = env;
  globals.open = (file) => readFileSync(path.resolve(__dirname, file), 'utf8');
  let script: SoakScript | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    script = require('./soak.ts') as SoakScript;
  });
  return script as SoakScript;
}

describe('soak teardown', () => {
  beforeEach(() => {
    k6Recorder.reset();
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('asks Prometheus for RSS and heap growth of the SLO service job and checks both against the limit', () => {
    const script = loadSoak({ PROMETHEUS_URL: 'http://prom:9090', SOAK_DURATION: '1h', RAMP_DURATION: '5m' });
    k6Recorder.nextResponse = {
      status: 200,
      body: JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [{ value: [1, String((80 * MiB) / 3600)] }] },
      }),
    };
    script.teardown();
    expect(
      k6Recorder.requests.map((request) => decodeURIComponent(request.url.replace(/&time=\d+$/, ''))),
    ).toEqual([
      'http://prom:9090/api/v1/query?query=deriv(process_resident_memory_bytes{job="demo-api"}[2700s])',
      'http://prom:9090/api/v1/query?query=deriv(nodejs_heap_size_used_bytes{job="demo-api"}[2700s])',
    ]);
    expect(k6Recorder.checks).toEqual([
      { name: 'rss memory growth within limit', ok: false, tags: { memory: 'rss' } },
      { name: 'heap memory growth within limit', ok: false, tags: { memory: 'heap' } },
    ]);
    expect(k6Recorder.metricSamples).toEqual([
      { metric: 'soak_rss_growth_bytes_per_hour', value: 80 * MiB },
      { metric: 'soak_heap_growth_bytes_per_hour', value: 80 * MiB },
    ]);
  });

  it('skips the memory check, with a warning, when PROMETHEUS_URL is not set', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    loadSoak({}).teardown();
    expect(k6Recorder.requests).toEqual([]);
    expect(warn).toHaveBeenCalledWith('soak: PROMETHEUS_URL is not set, so memory growth was not checked');
  });
});
