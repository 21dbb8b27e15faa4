import type { TableHealth } from './table-health';
import { seqScanHeavyTables } from './table-health';
import { TableScanBaseline } from './table-scan-baseline';

const orders = (seqScans: number, idxScans: number): TableHealth => ({
  schema: 'public',
  table: 'orders',
  seqScans,
  idxScans,
  seqRowsRead: seqScans * 50_000,
  liveRows: 50_000,
  deadRows: 0,
  sizeBytes: 8 << 20,
  expectedBytes: null,
});
const titles = (tables: TableHealth[], baseline?: TableScanBaseline) =>
  seqScanHeavyTables(tables, 10_000, 0.95, baseline?.judge(tables)).map((r) => r.title);

describe('seq-scan-heavy-table advice from the scans in a window', () => {
  it.each([
    [
      'a one-shot run judges the counters since the last reset',
      [[orders(9000, 10)]],
      [
        'orders: 0% of scans use an index (9000 sequential scans of 50000 rows since statistics were last reset)',
      ],
    ],
    [
      'the next run judges the scans since the first: the index came back, only index scans since',
      [[orders(9000, 10)], [orders(9000, 5010)]],
      [],
    ],
    [
      'still sequential scans in the window: the advice stays, with the window’s numbers',
      [[orders(9000, 10)], [orders(9600, 10)]],
      ['orders: 0% of scans use an index (600 sequential scans of 50000 rows in the last 60 s)'],
    ],
    [
      'counters that went backwards (pg_stat_reset()) are judged since the reset',
      [[orders(9000, 10)], [orders(40, 0)]],
      [
        'orders: 0% of scans use an index (40 sequential scans of 50000 rows since statistics were last reset)',
      ],
    ],
  ])('%s', (_title, runs, expected) => {
    let nowMs = 0;
    const baseline = new TableScanBaseline(30_000, () => nowMs);
    let last: string[] = [];
    for (const tables of runs) {
      last = titles(tables, baseline);
      nowMs += 60_000;
    }
    expect(last).toEqual(expected);
  });

  it('keeps the baseline until it is a window old, so frequent runs do not judge empty windows', () => {
    let nowMs = 0;
    const baseline = new TableScanBaseline(300_000, () => nowMs);
    titles([orders(100, 0)], baseline);
    nowMs = 10_000;
    expect(titles([orders(150, 0)], baseline)).toEqual([
      'orders: 0% of scans use an index (50 sequential scans of 50000 rows in the last 10 s)',
    ]);
    nowMs = 20_000;
    // Still against the run at 0 s: 100 scans in 20 s, not 50 in the last 10 s.
    expect(titles([orders(200, 0)], baseline)).toEqual([
      'orders: 0% of scans use an index (100 sequential scans of 50000 rows in the last 20 s)',
    ]);
    nowMs = 320_000;
    titles([orders(300, 0)], baseline);
    nowMs = 330_000;
    // Moved forward at 320 s, a window after the first: the scans since then.
    expect(titles([orders(310, 0)], baseline)).toEqual([
      'orders: 0% of scans use an index (10 sequential scans of 50000 rows in the last 10 s)',
    ]);
  });
});
