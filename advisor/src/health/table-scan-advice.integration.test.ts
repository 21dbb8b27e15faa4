import { sharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { parseAdvisorOptions } from '../advisor-options';
import { createAdvisorService } from '../api/advisor-service';
import type { AdvisorReport } from '../report/advisor-report';
import { runAdvisor, runAdvisorOnDsn } from '../run-advisor';

/**
 * Issue 20: the seq-scan-heavy-table advice stayed after the index was back, because it read counters that
 * add up since the last statistics reset. The advisor behind the exporter's API judges the scans since its
 * previous run: once the index serves the traffic, the advice goes; a one-shot run still sees the history.
 */
describe('seq-scan-heavy-table advice on a real PostgreSQL, before and after the index', () => {
  let dsn: string;
  let app: Client;
  let observer: Client;

  const options = { allowSuperuser: true, planSuperuserStatements: true, seqScanWindowSeconds: 0 };
  /** The seq-scan-heavy-table advice for guests (notes, the other table, is the next test's). */
  const guestsAdvice = (report: AdvisorReport) =>
    report.recommendations
      .filter((r) => r.kind === 'seq-scan-heavy-table' && r.target.table === 'guests')
      .map((r) => r.target.table);

  /** The application's reads of guests by city, 40 of them. */
  async function traffic(): Promise<void> {
    for (let i = 0; i < 40; i++) await app.query('SELECT count(*) FROM guests WHERE city = $1', [i % 500]);
  }

  /** Waits until the reads reached pg_stat_user_tables (a backend flushes its statistics about once a second). */
  async function scansSeen(column: 'seq_scan' | 'idx_scan', atLeast: number): Promise<void> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const { rows } = await observer.query<{ n: string }>(
        `SELECT coalesce(${column}, 0)::text AS n FROM pg_stat_user_tables WHERE relname = 'guests'`,
      );
      if (Number(rows[0]?.n) >= atLeast) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`pg_stat_user_tables.${column} of guests did not reach ${atLeast} in 30 s`);
  }

  beforeAll(async () => {
    dsn = (await sharedPostgres()).connectionString;
    app = new Client({ connectionString: dsn });
    observer = new Client({ connectionString: dsn });
    await Promise.all([app.connect(), observer.connect()]);
    await app.query('CREATE TABLE guests (id int PRIMARY KEY, city int NOT NULL, email text NOT NULL)');
    await app.query(
      "INSERT INTO guests SELECT g, g % 500, 'guest' || g || '@example.com' FROM generate_series(1, 50000) g",
    );
    await app.query('ANALYZE guests');
    await app.query('CREATE TABLE notes (id int PRIMARY KEY, guest_id int NOT NULL)');
    await app.query('INSERT INTO notes SELECT g, g % 900 FROM generate_series(1, 20000) g');
    await app.query('ANALYZE notes');
  });

  afterAll(async () => {
    await Promise.all([app?.end(), observer?.end()]);
  });

  it('advises while sequential scans read the table, and stops once the index serves the traffic', async () => {
    const service = createAdvisorService({ dsn, advisor: options });
    await traffic();
    await scansSeen('seq_scan', 40);
    expect(guestsAdvice(await service.report(0))).toEqual(['guests']);

    await app.query('CREATE INDEX guests_city_idx ON guests (city)');
    await app.query('ANALYZE guests');
    await traffic();
    await scansSeen('idx_scan', 40);
    const after = await service.report(0);
    expect(guestsAdvice(after)).toEqual([]);

    // What the advice used to be judged on: a one-shot run has no earlier run, only the cumulative counters.
    const oneShot = await runAdvisor(observer, parseAdvisorOptions(options));
    // (CREATE INDEX and ANALYZE read the table sequentially too, hence "at least 40".)
    const title = oneShot.recommendations.find((r) => r.kind === 'seq-scan-heavy-table')?.title ?? '';
    expect(title).toMatch(
      /^guests: \d+% of scans use an index \((\d+) sequential scans of 50000 rows since statistics were last reset\)$/,
    );
    expect(Number(/\((\d+) sequential/.exec(title)?.[1])).toBeGreaterThanOrEqual(40);
  }, 90_000);

  it('perflens advisor --scan-window judges a one-shot run on the scans during the window', async () => {
    // guests is read through its index, notes (no index on guest_id) sequentially.
    await app.query('CREATE INDEX IF NOT EXISTS guests_city_idx ON guests (city)');
    await app.query('ANALYZE guests');
    const reads = (async () => {
      for (let i = 0; i < 60; i++) {
        await app.query('SELECT count(*) FROM guests WHERE city = $1', [i % 500]);
        await app.query('SELECT count(*) FROM notes WHERE guest_id = $1', [i % 900]);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const report = await runAdvisorOnDsn(dsn, options, 10_000, 2);
    await reads;
    const titles = report.recommendations
      .filter((r) => r.kind === 'seq-scan-heavy-table')
      .map((r) => r.title);
    expect(titles).toEqual([
      expect.stringMatching(
        /^notes: 0% of scans use an index \(\d+ sequential scans of 20000 rows in the last \d s\)$/,
      ),
    ]);
  }, 90_000);
});
