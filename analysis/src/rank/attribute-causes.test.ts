import { runChecks } from '../checks/check-catalogue';
import { checkedFinding } from '../../test/fixtures/checked-findings';
import { DEMO_SLOS, missingIndexEvidence, thresholds } from '../../test/fixtures/in-memory-evidence';
import { attributeCauses } from './attribute-causes';

const ROUTE_SLOW = 'api.route-slower-than-slo/http_request_method=GET,http_route=/api/search,job=demo-api';
const DB_BOUND = 'api.database-bound-route/http_request_method=GET,http_route=/api/search,job=demo-api';
const TOP_STATEMENT = 'postgres.top-time-statements/datname=shop,queryid=111';
const SLOW_STATEMENT = 'postgres.slow-statements/datname=shop,queryid=111';
const SEQ_SCAN = 'postgres.sequential-scans/datname=shop,relname=orders,schemaname=public';

describe('attributeCauses', () => {
  const slos = thresholds({}, DEMO_SLOS);
  const linkedFor = (blocksPerCall: number) => {
    const evidence = missingIndexEvidence(blocksPerCall);
    return attributeCauses(runChecks(evidence, slos), evidence);
  };

  it('links route → database time → dominant statement → the table it scans', () => {
    const linked = new Map(linkedFor(4000).map((f) => [f.id, f.causedBy]));
    expect(linked.get(ROUTE_SLOW)).toEqual([DB_BOUND]);
    expect(linked.get(DB_BOUND)).toEqual([TOP_STATEMENT]);
    expect(linked.get(TOP_STATEMENT)).toEqual([SEQ_SCAN]);
    expect(linked.get(SLOW_STATEMENT)).toEqual([SEQ_SCAN]);
    expect(linked.get(SEQ_SCAN)).toEqual([]);
  });

  it('writes causes and nothing else: every other field is the check’s', () => {
    const evidence = missingIndexEvidence(4000);
    const checked = runChecks(evidence, slos);
    expect(attributeCauses(checked, evidence).map(({ causedBy: _, ...rest }) => rest)).toEqual(checked);
  });

  it('does not blame a table the statement reads only a few blocks of', () => {
    const linked = new Map(linkedFor(4).map((f) => [f.id, f.causedBy]));
    expect(linked.get(TOP_STATEMENT)).toEqual([]);
  });

  it('links a saturated event loop to the oversized responses it serialises, and slow or database-bound routes to it', () => {
    const route = (path: string) => ({ http_request_method: 'GET', http_route: path, job: 'demo-api' });
    const loop = checkedFinding('runtime.event-loop-saturation', { instance: 'api-1:3000' }, 1);
    const gc = checkedFinding('runtime.gc-pressure', { instance: 'api-1:3000' }, 1);
    const oversized = checkedFinding('api.oversized-responses', route('/api/products'), 14);
    const slowQuote = checkedFinding('api.route-slower-than-slo', route('/api/shipping/quote'), 1.2);
    const dbBound = checkedFinding('api.database-bound-route', route('/api/customers/:id'), 3);
    const linked = new Map(
      attributeCauses([loop, gc, oversized, slowQuote, dbBound], { rangeSeconds: 600 }).map((f) => [
        f.id,
        f.causedBy,
      ]),
    );
    expect(linked.get(slowQuote.id)).toEqual([loop.id, gc.id]);
    expect(linked.get(dbBound.id)).toEqual([loop.id]);
    expect(linked.get(loop.id)).toEqual([oversized.id, gc.id]);
    expect(linked.get(oversized.id)).toEqual([]);
  });
});
