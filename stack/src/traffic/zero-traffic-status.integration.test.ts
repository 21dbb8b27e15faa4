import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { usePrometheus } from '@perflens/test-harness';
import { stackStatus } from '../cli/stack-status';

// The status line `perflens up` prints must not look healthy when no traffic reaches the service: a real
// Prometheus scrapes a target whose request counter either stands still or grows.

let growing = false;
let total = 100;
const target: Server = createServer((_request, response) => {
  if (growing) total += 50;
  response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  response.end(
    '# TYPE http_server_request_duration_seconds histogram\n' +
      `http_server_request_duration_seconds_bucket{le="0.1"} ${total}\n` +
      `http_server_request_duration_seconds_bucket{le="+Inf"} ${total}\n` +
      `http_server_request_duration_seconds_count ${total}\n` +
      `http_server_request_duration_seconds_sum ${total * 0.01}\n`,
  );
});

beforeAll(() => new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise((resolve) => target.close(resolve)));

describe('stackStatus', () => {
  const prometheus = usePrometheus(() => ({
    config: {
      global: { scrape_interval: '1s' },
      scrape_configs: [
        {
          job_name: 'demo-api',
          static_configs: [{ targets: [`127.0.0.1:${(target.address() as AddressInfo).port}`] }],
        },
      ],
    },
  }));

  it('warns when the request rate is 0, and not when requests arrive', async () => {
    const rate = 'sum(rate(http_server_request_duration_seconds_count[1m]))';
    await prometheus().waitFor(rate, (result) => result[0]?.value[1] === '0');
    expect(await stackStatus(prometheus().url)).toMatch(
      /0\.0 req\/s, .*; warning: 0 requests\/s, no traffic reaches the service/,
    );

    growing = true;
    await prometheus().waitFor(rate, (result) => Number(result[0]?.value[1]) > 0);
    const status = await stackStatus(prometheus().url);
    expect(status).toMatch(/^targets up 1\/1, \d+\.\d req\/s/);
    expect(status).not.toContain('warning');
  }, 60_000);
});
