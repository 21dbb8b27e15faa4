import type { AddressInfo } from 'node:net';
import { startExampleService } from './example-service';

describe('example service', () => {
  it('serves its routes and reports them under their templates', async () => {
    const service = await startExampleService({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${base}/users/7`)).json()).toEqual({ id: '7', source: 'memory' });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain(
        'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/users/:id",http_response_status_code="200"} 1',
      );
    } finally {
      await service.close();
    }
  });
});
