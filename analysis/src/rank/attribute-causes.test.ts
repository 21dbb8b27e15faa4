import { runChecks } from '../checks/check-catalogue';
import { DEMO_SLOS, missingIndexEvidence, thresholds } from '../fixtures/in-memory-evidence';
import { attributeCauses } from './attribute-causes';
import { rankFindings } from './rank-findings';

const ROUTE_SLOW = 'api.route-slower-than-slo/http_request_method=GET,http_route=/api/search,job=demo-api';
const DB_BOUND = 'api.database-bound-route/http_request_method=GET,http_route=/api/search,job=demo-api';
const TOP_STATEMENT = 'postgres.top-time-statements/datname=shop,queryid=111';
const SLOW_STATEMENT = 'postgres.slow-statements/datname=shop,queryid=111';
const SEQ_SCAN = 'postgres.sequential-scans/datname=shop,relname=orders,schemaname=public';

describe('attributeCauses', () => {
  const slos = thresholds({}, DEMO_SLOS);

  it('links route → database time → dominant statement → the table it scans', () => {
    const evidence = missingIndexEvidence(4000);
    const linked = new Map(
      attributeCauses(runChecks(evidence, slos), evidence).map((f) => [f.id, f.causedBy]),
    );
    expect(linked.get(ROUTE_SLOW)).toEqual([DB_BOUND]);
    expect(linked.get(DB_BOUND)).toEqual([TOP_STATEMENT]);
    expect(linked.get(TOP_STATEMENT)).toEqual([SEQ_SCAN]);
    expect(linked.get(SLOW_STATEMENT)).toEqual([SEQ_SCAN]);
    expect(linked.get(SEQ_SCAN)).toEqual([]);
  });

  it('names the scanning statement on the table finding and puts its lookup before the index SQL', () => {
    const evidence = missingIndexEvidence(4000);
    const scan = attributeCauses(runChecks(evidence, slos), evidence).find((f) => f.id === SEQ_SCAN);
    expect(scan?.title).toBe(
      'shop.public.orders: 10 sequential scans/s of 500000 rows (index used for 80% of scans); read by statement 111',
    );
    expect(scan?.recommendations[0]?.sql).toContain(
      'FROM pg_stat_statements WHERE queryid = 111;\n-- replace <column>',
    );
  });

  it('does not blame a table the statement reads only a few blocks of', () => {
    const evidence = missingIndexEvidence(4);
    const linked = new Map(
      attributeCauses(runChecks(evidence, slos), evidence).map((f) => [f.id, f.causedBy]),
    );
    expect(linked.get(TOP_STATEMENT)).toEqual([]);
  });

  it('ranks the chain by impact, each cause at least 95% of the symptom it explains', () => {
    const evidence = missingIndexEvidence(4000);
    const ranked = rankFindings(attributeCauses(runChecks(evidence, slos), evidence));
    expect(ranked.map((f) => [f.id, f.impact.score])).toEqual([
      [TOP_STATEMENT, 29.17],
      [SEQ_SCAN, 27.71],
      [SLOW_STATEMENT, 20.42],
      [DB_BOUND, 18],
      [ROUTE_SLOW, 12],
    ]);
    expect(ranked[1]?.impact.explanation).toBe(
      '20% of the scans of orders read all its 500000 rows, 5000000 rows per second. Ranked with postgres.top-time-statements/datname=shop,queryid=111 (score 29.2), which it causes.',
    );
  });
});
