import { checkedFinding } from '../../test/fixtures/checked-findings';
import { buildFindings } from '../build-findings';
import { atLeast } from '../findings/finding';

const route = { http_request_method: 'GET', http_route: '/api/orders/:id', job: 'demo-api' };
const slowRoute = checkedFinding('api.route-slower-than-slo', route, 6, 'warning');
const busyHost = checkedFinding('host.cpu-pressure', { instance: 'node-1:9100' }, 29, 'critical');
const fullDisk = checkedFinding(
  'host.disk-pressure',
  { instance: 'node-1:9100', mountpoint: '/' },
  20,
  'critical',
);
const loop = checkedFinding('runtime.event-loop-saturation', { instance: 'api-1:3000' }, 4);
const EVIDENCE = { rangeSeconds: 900 };

describe('host findings on a shared machine', () => {
  it('rank below the service’s own SLO breach and are at most warnings when they explain nothing', () => {
    const findings = buildFindings([slowRoute, busyHost, fullDisk], EVIDENCE);
    expect(findings.map((f) => [f.check, f.severity, f.impact.score])).toEqual([
      ['api.route-slower-than-slo', 'warning', 6],
      ['host.cpu-pressure', 'warning', 5.7],
      ['host.disk-pressure', 'warning', 5.7],
    ]);
    expect(findings[1]?.impact.explanation).toMatch(/Ranked below the service’s SLO findings \(score 5\.7\)/);
    // So `--fail-on critical` (the CLI fails on a finding at or above the floor) passes.
    expect(findings.filter((f) => atLeast(f.severity, 'critical'))).toEqual([]);
  });

  it('keep their own lower score, and with no SLO finding only lose critical', () => {
    const calmHost = checkedFinding('host.cpu-pressure', { instance: 'node-1:9100' }, 2, 'warning');
    expect(buildFindings([slowRoute, calmHost], EVIDENCE)[1]?.impact.score).toBe(2);
    expect(buildFindings([busyHost], EVIDENCE).map((f) => [f.severity, f.impact.score])).toEqual([
      ['warning', 29],
    ]);
  });

  it('explain a slow route through the service’s own saturated event loop, and then keep their severity', () => {
    const findings = buildFindings([slowRoute, busyHost, loop], EVIDENCE);
    const byCheck = new Map(findings.map((f) => [f.check, f]));
    expect(byCheck.get('api.route-slower-than-slo')?.causedBy).toEqual([busyHost.id, loop.id]);
    expect(byCheck.get('host.cpu-pressure')).toMatchObject({ severity: 'critical', impact: { score: 5.7 } });
    expect(findings[0]?.check).toBe('api.route-slower-than-slo');
  });

  it('do not explain a slow route when the service’s event loop is not saturated', () => {
    const findings = buildFindings([slowRoute, busyHost], EVIDENCE);
    expect(findings.find((f) => f.check === 'api.route-slower-than-slo')?.causedBy).toEqual([]);
  });
});
