import { type BottleneckName } from '@perflens/bookings';
import { useService } from '@perflens/test-harness';
import type { ResolvedThresholds } from '../../src/thresholds/resolve-thresholds';
import { bookingsThresholds, type PhaseRun, runPhase } from './bookings-phase';
import { formatDetails, formatScoreTable, type PhaseScore } from './bookings-score';
import { startBookingsStack } from './bookings-stack';

/**
 * Scores the analysis engine on the second reference service (docs/bookings-spec.md), a service it was not
 * tuned on: PostgreSQL, the bookings service in its own process at seed scale 1 (240,000 bookings), the
 * standalone exporter (with its advisor, whose plans say which statements scan which tables) and Prometheus
 * scraping both every second. Phases of 16 s of the spec's traffic: all
 * off, each bottleneck alone, all six on. Each phase's window is analysed as `perflens analyze --from --to`
 * does with the service's own SLO file, and scored: the expected finding at warning or above, its severity
 * and rank in its layer, every causedBy link right or wrong against the spec, and the warnings nobody
 * expects. The table and the wrong links are printed at the end; docs/analysis.md ("Detection on the
 * bookings reference service") holds one run's table and the gaps.
 *
 * Asserted is what holds today on a busy machine. Not asserted (the table reports them): rank in layer, the
 * clean run's warnings that a CPU-starved process produces (slow routes, a busy event loop, pools and short
 * row locks held longer). Wrong links are asserted in the all-on phase, where the bottlenecks' findings
 * could be linked to each other.
 */
describe('detection on the bookings reference service', () => {
  const stack = useService('bookings stack', () => startBookingsStack(1));
  let thresholds: ResolvedThresholds;
  const scores: PhaseScore[] = [];
  const run = async (phase: string, active: BottleneckName[]): Promise<PhaseRun> => {
    const result = await runPhase(stack(), thresholds, phase, active);
    scores.push(result.score);
    return result;
  };
  const checksAtWarning = (phase: PhaseRun) =>
    phase.report.findings.filter((f) => f.severity !== 'info').map((f) => f.check);

  beforeAll(async () => {
    thresholds = await bookingsThresholds();
    // Warm-up, not scored: pool connections, compiled code and PostgreSQL's caches.
    await runPhase(stack(), thresholds, 'warm-up', []);
  }, 120_000);

  afterAll(() => {
    process.stdout.write(`\n${formatScoreTable(scores)}\n\n${formatDetails(scores)}\n`);
  });

  it('the clean run raises none of the bottlenecks’ own findings: no error hotspot, N+1 or sequential scans', async () => {
    const clean = await run('clean', []);
    expect(clean.traffic.byRoute['GET /api/bookings/:id']?.statuses['500']).toBeUndefined();
    expect(
      checksAtWarning(clean).filter((check) =>
        ['api.error-hotspot', 'api.n-plus-one-queries', 'postgres.sequential-scans'].includes(check),
      ),
    ).toEqual([]);
  }, 120_000);

  it('missing-index alone is found at warning or above, though 97% of the table’s scans use an index', async () => {
    const phase = await run('missing-index', ['missing-index']);
    expect(phase.bookingsScans.seq).toBeGreaterThan(0);
    expect(phase.score.bottlenecks.map((b) => [b.name, b.found])).toEqual([['missing-index', true]]);
  }, 120_000);

  it.each<[BottleneckName]>([
    ['n-plus-one'],
    ['blocking-login'],
    ['lock-contention'],
    ['slow-reports'],
    ['type-error'],
  ])(
    '%s alone is found at warning or above',
    async (name) => {
      const { score } = await run(name, [name]);
      expect(score.bottlenecks.map((b) => [b.name, b.found])).toEqual([[name, true]]);
    },
    120_000,
  );

  it('all six on: every bottleneck is found at warning or above, and every causedBy link is right', async () => {
    const { score } = await run('all on', [
      'missing-index',
      'n-plus-one',
      'blocking-login',
      'lock-contention',
      'slow-reports',
      'type-error',
    ]);
    expect(score.bottlenecks.filter((b) => !b.found).map((b) => b.name)).toEqual([]);
    // Before the advisor's plans, block counts linked the reports to the bookings scans they do not make.
    expect(score.wrongLinks).toEqual([]);
  }, 120_000);
});
