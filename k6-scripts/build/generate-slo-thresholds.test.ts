import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SLO_THRESHOLDS } from '../generated/slo-thresholds.ts';
import { renderSloThresholdsModule, SLO_THRESHOLDS_MODULE } from './generate-slo-thresholds.ts';

const repositoryRoot = path.resolve(__dirname, '../..');

describe('generated/slo-thresholds.ts', () => {
  it('is what the generator makes from alert-rules/slo.yaml today (run `npm run generate -w @perflens/k6-scripts`)', () => {
    const committed = readFileSync(path.join(repositoryRoot, SLO_THRESHOLDS_MODULE), 'utf8');
    expect(committed).toBe(renderSloThresholdsModule());
  });

  it('holds the demo service SLOs with the values of the SLO file', () => {
    expect(
      SLO_THRESHOLDS.services['demo-api']?.thresholds.map(
        (slo) =>
          `${slo.sloId} ${slo.metric}${slo.route ? `{name:${slo.route}}` : ''} ${slo.aggregation}<=${slo.maxValue}`,
      ),
    ).toEqual([
      'demo-api-availability http_req_failed rate<=0.001',
      'demo-api-latency http_req_duration p(99)<=250',
      'demo-api-checkout-latency http_req_duration{name:/api/orders} p(99.5)<=1000',
      'demo-api-checkout-latency http_req_duration{name:/api/orders/:id} p(99.5)<=1000',
    ]);
  });
});
