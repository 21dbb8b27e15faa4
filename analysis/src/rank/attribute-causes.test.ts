import { type AnalysisEvidence, runChecks } from '../checks/check-catalogue';
import { findingId } from '../findings/check-definition';
import type { Finding, Layer, Severity } from '../findings/finding';
import { DEMO_SLOS, missingIndexEvidence, thresholds } from '../../test/fixtures/in-memory-evidence';
import { attributeCauses, INHERITED_SCORE_SHARE } from './attribute-causes';
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

  it('ranks each cause right below the symptom it explains: 95% of the highest score among what it causes', () => {
    const evidence = missingIndexEvidence(4000);
    const ranked = rankFindings(attributeCauses(runChecks(evidence, slos), evidence));
    // The slow-statement finding explains nothing (top-time is the dominant statement), so it keeps its own
    // magnitude; the table both statements scan ranks with the higher of them.
    expect(ranked.map((f) => [f.id, f.impact.score])).toEqual([
      [SLOW_STATEMENT, 20.42],
      [SEQ_SCAN, 19.4],
      [ROUTE_SLOW, 12],
      [DB_BOUND, 11.4],
      [TOP_STATEMENT, 10.83],
    ]);
    expect(ranked[1]?.impact.explanation).toBe(
      '20% of the scans of orders read all its 500000 rows, 5000000 rows per second. Ranked with postgres.slow-statements/datname=shop,queryid=111 (score 20.4), which it causes.',
    );
  });
});

/** A finding of `check` with its own score, as a check would return it (no links yet). */
function own(
  check: string,
  target: Record<string, string>,
  score: number,
  severity: Severity = 'warning',
): Finding {
  return {
    id: findingId(check, target),
    check,
    layer: check.split('.')[0] as Layer,
    target,
    severity,
    impact: { score, explanation: `${check} own score ${score}.` },
    title: findingId(check, target),
    evidence: [],
    recommendations: [],
    links: { runbook: '', dashboard: '' },
    causedBy: [],
  };
}

const route = (path: string, score: number) =>
  own(
    'api.route-slower-than-slo',
    { http_request_method: 'GET', http_route: path, job: 'demo-api' },
    score,
    'critical',
  );
const pool = (score: number) => own('db-client.pool-saturation', { pool: 'default' }, score);
const statement = (score: number) =>
  own('postgres.top-time-statements', { datname: 'shop', queryid: '1' }, score);
const scan = (score: number) =>
  own('postgres.sequential-scans', { datname: 'shop', relname: 'orders', schemaname: 'public' }, score);
const cpu = (score: number) => own('host.cpu-pressure', { instance: 'db:9100' }, score);
const NO_EVIDENCE: AnalysisEvidence = { rangeSeconds: 1800 };

describe('scores of linked causes', () => {
  it.each([
    [
      'a cause with a bigger magnitude ranks right below the symptom it explains, never above it',
      [pool(25.1), route('/a', 8.6)],
      [
        ['api.route-slower-than-slo', 8.6],
        ['db-client.pool-saturation', 8.17],
      ],
    ],
    [
      'a cause with a smaller magnitude is raised to rank with the symptom it explains',
      [cpu(10), pool(2), route('/a', 40)],
      [
        ['api.route-slower-than-slo', 40],
        ['db-client.pool-saturation', 38],
        ['host.cpu-pressure', 10],
      ],
    ],
    [
      'a finding that explains nothing keeps its own capped score, even above a lesser symptom',
      [route('/a', 5), cpu(20)],
      [
        ['host.cpu-pressure', 20],
        ['api.route-slower-than-slo', 5],
      ],
    ],
    [
      'each link down a chain takes 95% of the one above',
      [scan(30), statement(30), pool(30), route('/a', 20)],
      [
        ['api.route-slower-than-slo', 20],
        ['db-client.pool-saturation', 19],
        ['postgres.top-time-statements', 18.05],
        ['postgres.sequential-scans', 17.15],
      ],
    ],
    [
      'a cause of two symptoms ranks with the one of higher impact',
      [route('/b', 4), pool(30), route('/a', 10)],
      [
        ['api.route-slower-than-slo', 10],
        ['db-client.pool-saturation', 9.5],
        ['api.route-slower-than-slo', 4],
      ],
    ],
  ])('%s', (_title, findings, expected) => {
    const ranked = rankFindings(attributeCauses(findings, NO_EVIDENCE));
    expect(ranked.map((f) => [f.check, f.impact.score])).toEqual(expected);
  });

  it('explains which symptom a cause ranks with', () => {
    const [, cause] = rankFindings(attributeCauses([pool(25.1), route('/a', 8.6)], NO_EVIDENCE));
    expect(cause?.impact.explanation).toBe(
      'db-client.pool-saturation own score 25.1. Ranked with api.route-slower-than-slo/http_request_method=GET,http_route=/a,job=demo-api (score 8.6), which it causes.',
    );
    expect(INHERITED_SCORE_SHARE).toBe(0.95);
  });
});
