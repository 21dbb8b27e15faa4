import { runChecks } from '../checks/check-catalogue';
import { DEMO_SLOS, missingIndexEvidence, thresholds } from '../../test/fixtures/in-memory-evidence';
import { attributeCauses } from './attribute-causes';
import { applyIndexAdvice, indexAdviceFromAdvisorReport, type AdvisorReportLike } from './index-advice';

const SEQ_SCAN = 'postgres.sequential-scans/datname=shop,relname=orders,schemaname=public';

/** An advisor report as GET /api/v1/advisor/recommendations answers it (the fields the engine reads). */
const report = (table: string, queryids: string[]): AdvisorReportLike => ({
  database: 'shop',
  recommendations: [
    { kind: 'seq-scan-heavy-table', target: { schema: 'public', table }, verified: false },
    {
      kind: 'missing-index',
      target: { schema: 'public', table, index: `${table}_customer_id_idx`, columns: ['customer_id'] },
      statements: queryids.map((queryid) => ({ queryid })),
      verified: true,
    },
  ],
});

function scanWith(advisorReport: AdvisorReportLike) {
  const evidence = missingIndexEvidence(4000);
  const linked = attributeCauses(runChecks(evidence, thresholds({}, DEMO_SLOS)), evidence);
  return applyIndexAdvice(linked, indexAdviceFromAdvisorReport(advisorReport)).find((f) => f.id === SEQ_SCAN);
}

describe('applyIndexAdvice', () => {
  it('names the advised column in the index SQL and its rollback', () => {
    const recommendation = scanWith(report('orders', ['111']))?.recommendations[0];
    expect(recommendation).toMatchObject({
      action:
        'Index "public"."orders" on (customer_id), checked with a hypothetical index (hypopg), as perflens advisor proposes for the statements that scan it.',
      sql:
        '-- perflens advisor: serves statement(s) 111; CONCURRENTLY does not block writes\n' +
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_customer_id_idx" ON "public"."orders" ("customer_id");',
      rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_customer_id_idx";',
    });
  });

  it('keeps the placeholder when the advice is for another table', () => {
    expect(scanWith(report('customers', ['111']))?.recommendations[0]?.sql).toContain('<column>');
  });

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
