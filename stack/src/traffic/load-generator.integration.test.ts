import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describeWithK6, k6Bundles, usePrometheus } from '@perflens/test-harness';
import { startDependableTraffic } from './load-generator';

// The traffic of `perflens up` against a small HTTP server that counts requests: a k6 that exits at once
// (a fake, the case being the fallback) hands over to the built-in generator with a warning naming k6's log;
// the real k6 (K6_BIN, as CI sets it) sends the traffic, remote-written under testid perflens-up, until stopped.

function countingServer(): Promise<{ server: Server; url: string; count: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    request.resume();
    response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    response.end('{}');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, count: () => requests });
    });
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('perflens up traffic', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-traffic-'));
  let target: Awaited<ReturnType<typeof countingServer>>;
  beforeAll(async () => {
    target = await countingServer();
  });
  afterAll(async () => {
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('falls back to the built-in generator, with a warning naming the k6 log, when k6 exits early', async () => {
    const fakeK6 = path.join(dir, 'k6');
    writeFileSync(fakeK6, '#!/bin/sh\necho "fake k6: cannot start" >&2\nexit 3\n');
    chmodSync(fakeK6, 0o755);
    const fakeScript = path.join(dir, 'average-load.js');
    writeFileSync(fakeScript, '');
    const logFile = path.join(dir, 'logs', 'k6.log');
    const lines: string[] = [];
    const traffic = await startDependableTraffic(
      {
        baseUrl: target.url,
        prometheusPort: 1,
        rate: 20,
        log: (line) => lines.push(line),
        env: { K6_BIN: fakeK6 },
        k6Script: fakeScript,
      },
      logFile,
    );
    try {
      expect(traffic.description).toMatch(
        /^k6 \(average-load scenario at 20 requests\/s, testid perflens-up\)/,
      );
      await traffic.fellBack;
      expect(traffic.source).toBe('built-in');
      expect(lines).toEqual([
        `warning: k6 exited with code 3 before the stack stopped (see ${logFile}); ` +
          'the built-in generator sends the traffic now (20 requests/s)',
      ]);
      expect(readFileSync(logFile, 'utf8')).toContain('fake k6: cannot start');
      const before = target.count();
      await until(() => target.count() >= before + 20, '20 requests from the built-in generator');
    } finally {
      await traffic.stop();
    }
  }, 90_000);

  it('uses the built-in generator, with a warning, when the k6 bundle has not been built', async () => {
    const fakeK6 = path.join(dir, 'k6-unused');
    writeFileSync(fakeK6, '#!/bin/sh\nexit 0\n');
    chmodSync(fakeK6, 0o755);
    const missing = path.join(dir, 'no-build', 'average-load.js');
    const lines: string[] = [];
    const traffic = await startDependableTraffic(
      {
        baseUrl: target.url,
        prometheusPort: 1,
        rate: 20,
        log: (line) => lines.push(line),
        env: { K6_BIN: fakeK6 },
        k6Script: missing,
      },
      path.join(dir, 'logs', 'k6-missing.log'),
    );
    try {
      expect([traffic.source, traffic.description]).toEqual([
        'built-in',
        'built-in generator, 20 requests/s',
      ]);
      expect(lines).toEqual([
        `warning: ${missing} is missing (run "npm run build"), so k6 cannot run; the built-in generator sends the traffic`,
      ]);
      const before = target.count();
      await until(() => target.count() >= before + 20, '20 requests from the built-in generator');
    } finally {
      await traffic.stop();
    }
  }, 60_000);

  describeWithK6('with the real k6', (k6) => {
    const prometheus = usePrometheus({
      config: { global: { scrape_interval: '1s' }, scrape_configs: [] },
      extraArgs: ['--web.enable-remote-write-receiver'],
    });

    it('runs k6 at --rate until stopped, remote-written under testid perflens-up, without falling back', async () => {
      const lines: string[] = [];
      const before = target.count();
      const traffic = await startDependableTraffic(
        {
          baseUrl: target.url,
          prometheusPort: prometheus().port,
          rate: 20,
          log: (line) => lines.push(line),
          env: { K6_BIN: k6.path },
          // The bundle of the current sources: k6-scripts/dist/ exists only after `npm run build`.
          k6Script: path.join(await k6Bundles(), 'average-load.js'),
        },
        path.join(dir, 'logs', 'k6-real.log'),
      );
      try {
        // The 10 s ramp to 20/s sends about 100 requests; 150 means it went on at the plateau.
        await until(() => target.count() >= before + 150, '150 requests from k6');
        expect(traffic.source).toBe('k6');
        const series = await prometheus().waitFor(
          'k6_http_reqs_total{testid="perflens-up", test_type="average-load"}',
          (result) => result.length > 0,
        );
        expect(series.length).toBeGreaterThan(0);
      } finally {
        await traffic.stop();
      }
      expect(lines).toEqual([]);
    }, 90_000);
  });
});
