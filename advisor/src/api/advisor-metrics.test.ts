import { Registry } from 'prom-client';
import type { AdvisorReport } from '../report/advisor-report';
import { MAX_PLAN_SERIES, registerAdvisorMetrics } from './advisor-metrics';

const report = (statementPlans: AdvisorReport['statementPlans']): AdvisorReport => ({
  generatedAt: '2026-12-07T12:00:00.000Z',
  database: 'bookings',
  serverVersion: '15.10',
  hypopg: true,
  pgStatStatements: true,
  slowStatements: [],
  recommendations: [],
  statementErrors: [],
  sectionErrors: [],
  stats: { statementsRead: 0, statementsAnalysed: 0, explains: 0 },
  statementPlans,
});

async function planLines(latest: AdvisorReport | undefined): Promise<string[]> {
  const registry = new Registry();
  registerAdvisorMetrics(registry, { latestReport: () => latest });
  const text = await registry.metrics();
  return text.split('\n').filter((line) => line.startsWith('perflens_pg_statement_plan_seq_scans{'));
}

describe('the plan series of the advisor', () => {
  it('exports, per planned statement, every relation its plan reads with its sequential scans', async () => {
    expect(
      await planLines(
        report([
          { queryid: '-42', relations: [{ schema: 'public', table: 'bookings', seqScans: 1 }] },
          {
            queryid: '7',
            relations: [
              { schema: 'public', table: 'bookings', seqScans: 0 },
              { schema: 'public', table: 'rooms', seqScans: 0 },
            ],
          },
        ]),
      ),
    ).toEqual([
      'perflens_pg_statement_plan_seq_scans{datname="bookings",queryid="-42",schemaname="public",relname="bookings"} 1',
      'perflens_pg_statement_plan_seq_scans{datname="bookings",queryid="7",schemaname="public",relname="bookings"} 0',
      'perflens_pg_statement_plan_seq_scans{datname="bookings",queryid="7",schemaname="public",relname="rooms"} 0',
    ]);
  });

  it('exports nothing before the first report, and no more than its series cap', async () => {
    expect(await planLines(undefined)).toEqual([]);
    const wide = Array.from({ length: 60 }, (_, i) => ({
      queryid: String(i),
      relations: Array.from({ length: 20 }, (_, j) => ({ schema: 'public', table: `t${j}`, seqScans: 1 })),
    }));
    expect(await planLines(report(wide))).toHaveLength(MAX_PLAN_SERIES);
  });
});
