import { type AnalysisEvidence, runChecks } from '../checks/check-catalogue';
import type { CheckedFinding } from '../findings/finding';
import { checkedFinding } from '../../test/fixtures/checked-findings';
import { DEMO_SLOS, missingIndexEvidence, thresholds } from '../../test/fixtures/in-memory-evidence';
import { attributeCauses } from './attribute-causes';
import { INHERITED_SCORE_SHARE, inheritScores } from './inherit-scores';
import { rankFindings } from './rank-findings';

const ROUTE_SLOW = 'api.route-slower-than-slo/http_request_method=GET,http_route=/api/search,job=demo-api';
const DB_BOUND = 'api.database-bound-route/http_request_method=GET,http_route=/api/search,job=demo-api';
const TOP_STATEMENT = 'postgres.top-time-statements/datname=shop,queryid=111';
const SLOW_STATEMENT = 'postgres.slow-statements/datname=shop,queryid=111';
const SEQ_SCAN = 'postgres.sequential-scans/datname=shop,relname=orders,schemaname=public';

const own = checkedFinding;

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
const scored = (findings: CheckedFinding[]) =>
  rankFindings(inheritScores(attributeCauses(findings, NO_EVIDENCE)));

describe('inheritScores', () => {
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
      'a link down to a lower layer takes 95% of the one above; a cause in its symptom’s layer ranks right above it',
      [scan(30), statement(30), pool(30), route('/a', 20)],
      [
        ['api.route-slower-than-slo', 20],
        ['db-client.pool-saturation', 19],
        ['postgres.sequential-scans', 18.06],
        ['postgres.top-time-statements', 18.05],
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
    expect(scored(findings).map((f) => [f.check, f.impact.score])).toEqual(expected);
  });

  it('explains which symptom a cause ranks with, and keeps a lone finding’s own explanation', () => {
    const [symptom, cause] = scored([pool(25.1), route('/a', 8.6)]);
    expect(cause?.impact.explanation).toBe(
      'db-client.pool-saturation own score 25.1. Ranked with api.route-slower-than-slo/http_request_method=GET,http_route=/a,job=demo-api (score 8.6), which it causes.',
    );
    expect(symptom?.impact).toEqual({ score: 8.6, explanation: 'api.route-slower-than-slo own score 8.6.' });
    expect(INHERITED_SCORE_SHARE).toBe(0.95);
  });

  it('ranks each cause of the missing-index chain with the symptom it explains, above it in its own layer', () => {
    const evidence = missingIndexEvidence(4000);
    const ranked = rankFindings(
      inheritScores(attributeCauses(runChecks(evidence, thresholds({}, DEMO_SLOS)), evidence)),
    );
    // The slow-statement finding explains nothing (top-time is the dominant statement), so it keeps its own
    // magnitude; the table both statements scan ranks right above the higher of them, in their layer. The
    // database-bound route heads the API layer over the slow route it explains.
    expect(ranked.map((f) => [f.id, f.impact.score])).toEqual([
      [SEQ_SCAN, 20.43],
      [SLOW_STATEMENT, 20.42],
      [DB_BOUND, 12.01],
      [ROUTE_SLOW, 12],
      [TOP_STATEMENT, 11.41],
    ]);
    expect(ranked[0]?.impact.explanation).toBe(
      '20% of the scans of orders read all its 500000 rows, 5000000 rows per second. Ranked right above postgres.slow-statements/datname=shop,queryid=111 (score 20.4), which it causes.',
    );
  });
});
