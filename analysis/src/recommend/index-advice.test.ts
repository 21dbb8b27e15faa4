import { buildFindings } from '../build-findings';
import { runChecks } from '../checks/check-catalogue';
import { DEMO_SLOS, missingIndexEvidence, thresholds } from '../../test/fixtures/in-memory-evidence';
import { applyIndexAdvice, indexAdviceFromAdvisorReport, type AdvisorReportLike } from './index-advice';

const SEQ_SCAN = 'postgres.sequential-scans/datname=shop,relname=orders,schemaname=public';

/** An advisor report as GET /api/v1/advisor/recommendations answers it (the fields the engine reads). */
const report = (table: string, queryids: string[], verified = true): AdvisorReportLike => ({
  database: 'shop',
  recommendations: [
    { kind: 'seq-scan-heavy-table', target: { schema: 'public', table }, verified: false },
    {
      kind: 'missing-index',
      target: { schema: 'public', table, index: `${table}_customer_id_idx`, columns: ['customer_id'] },
      statements: queryids.map((queryid) => ({ queryid })),
      verified,
    },
  ],
});

const evidence = missingIndexEvidence(4000);
const checked = runChecks(evidence, thresholds({}, DEMO_SLOS));

describe('applyIndexAdvice', () => {
  const specsWith = (advisorReport: AdvisorReportLike) =>
    applyIndexAdvice(checked, indexAdviceFromAdvisorReport(advisorReport)).find((f) => f.id === SEQ_SCAN)
      ?.recommendations;

  it.each([
    [
      'names the advised columns of the table’s create-index, for the statements that scan it',
      report('orders', ['111']),
      [
        {
          kind: 'create-index',
          schema: 'public',
          table: 'orders',
          tableSizeBytes: 4000 * 8192,
          readBy: ['111'],
          columns: ['customer_id'],
          indexName: 'orders_customer_id_idx',
          advisedFor: { queryids: ['111'], verified: true },
        },
      ],
    ],
    [
      'leaves the columns out when the advice is for another table',
      report('customers', ['111']),
      [
        {
          kind: 'create-index',
          schema: 'public',
          table: 'orders',
          tableSizeBytes: 4000 * 8192,
          readBy: ['111'],
        },
      ],
    ],
  ])('%s', (_title, advisorReport, expected) => {
    expect(specsWith(advisorReport)).toEqual(expected);
  });

  it('changes nothing but the create-index recommendations', () => {
    const advised = applyIndexAdvice(checked, indexAdviceFromAdvisorReport(report('orders', ['111'])));
    expect(advised.filter((f) => f.id !== SEQ_SCAN)).toEqual(checked.filter((f) => f.id !== SEQ_SCAN));
  });
});

describe('the rendered index recommendation', () => {
  const scanWith = (advisorReport?: AdvisorReportLike) =>
    buildFindings(checked, evidence, {
      indexAdvice: advisorReport ? indexAdviceFromAdvisorReport(advisorReport) : [],
    }).find((f) => f.id === SEQ_SCAN);

  it('creates the advised index in perflens advisor’s own DDL, and rolls it back', () => {
    expect(scanWith(report('orders', ['111']))?.recommendations[0]).toMatchObject({
      action:
        'Index public.orders on (customer_id), checked with a hypothetical index (hypopg), as perflens advisor proposes for the statements that scan it.',
      sql:
        '-- perflens advisor: serves statement(s) 111; CONCURRENTLY does not block writes\n' +
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);',
      rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx;',
    });
  });

  it('says when the advisor only guessed the columns from statistics', () => {
    expect(scanWith(report('orders', ['111'], false))?.recommendations[0]?.action).toBe(
      'Index public.orders on (customer_id), as perflens advisor proposes for the statements that scan it.',
    );
  });

  it('without advice, looks up the statement that scans the table before an index with a placeholder', () => {
    const scan = scanWith();
    expect(scan?.title).toBe(
      'shop.public.orders: 10 sequential scans/s of 500000 rows (index used for 80% of scans); read by statement 111',
    );
    expect(scan?.recommendations[0]).toMatchObject({
      action:
        'Index public.orders on the column(s) statement 111 filters or joins on (its WHERE clause); check the choice with a hypothetical index first (perflens advisor uses hypopg).',
      sql:
        "-- the statement's WHERE clause names the column:\n" +
        'SELECT query, calls, mean_exec_time, rows / NULLIF(calls, 0) AS rows_per_call\n' +
        'FROM pg_stat_statements WHERE queryid = 111;\n' +
        '-- replace <column> with the filtered column; CONCURRENTLY does not block writes\n' +
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_<column>_idx" ON public.orders ("<column>");',
      rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS public."orders_<column>_idx";',
    });
  });
});

describe('an index named from the scanning statement’s WHERE clause', () => {
  const text = 'SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC';
  const withText: typeof evidence = {
    ...evidence,
    postgres: evidence.postgres && {
      ...evidence.postgres,
      statements: evidence.postgres.statements.map((s) => (s.queryid === '111' ? { ...s, query: text } : s)),
    },
  };
  const checkedWithText = runChecks(withText, thresholds({}, DEMO_SLOS));
  const scanWith = (advisorReport?: AdvisorReportLike) =>
    buildFindings(checkedWithText, withText, {
      indexAdvice: advisorReport ? indexAdviceFromAdvisorReport(advisorReport) : [],
    }).find((f) => f.id === SEQ_SCAN);

  it('without advice, indexes the column the statement looks rows up by, and says to prove it', () => {
    expect(scanWith()?.recommendations[0]).toMatchObject({
      action:
        'Index public.orders on (customer_id), the column statement 111 looks rows up by (WHERE customer_id = $1); prove it with a hypothetical index first (perflens advisor uses hypopg).',
      sql:
        "-- from statement 111's WHERE customer_id = $1; CONCURRENTLY does not block writes\n" +
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);',
    });
  });

  it('advice replaces the columns read from the text', () => {
    const advice = report('orders', ['111']);
    const target = advice.recommendations[1]?.target;
    if (target) target.columns = ['customer_id', 'created_at'];
    expect(scanWith(advice)?.recommendations[0]?.spec).toMatchObject({
      columns: ['customer_id', 'created_at'],
      advisedFor: { queryids: ['111'], verified: true },
    });
    expect(scanWith(advice)?.recommendations[0]?.spec).not.toHaveProperty('columnsFrom');
  });
});

describe('indexAdviceFromAdvisorReport', () => {
  it('ignores advice that is not a missing index', () => {
    expect(
      indexAdviceFromAdvisorReport({
        database: 'shop',
        recommendations: [
          { kind: 'unused-index', target: { schema: 'public', table: 'orders' }, verified: true },
        ],
      }),
    ).toEqual([]);
  });
});
