import type { TableHealth } from './table-health';

/** One table's cumulative scan counters (pg_stat_user_tables) at a snapshot. */
export interface TableScanCounts {
  seqScans: number;
  idxScans: number;
  seqRowsRead: number;
}

/** The scans a table had over the judged window, and what that window is. */
export interface TableScans extends TableScanCounts {
  /** Seconds the counts cover; undefined when they are the counters since the last statistics reset. */
  windowSeconds?: number;
}

interface Snapshot {
  atMs: number;
  tables: ReadonlyMap<string, TableScanCounts>;
}

const keyOf = (t: { schema: string; table: string }) => `${t.schema}.${t.table}`;

/**
 * The advisor's memory of table scan counters between runs, so that a long-running advisor (the exporter's
 * API) judges a table on the scans since an earlier run, not on counters that add up since the last
 * statistics reset: once an index is back, a table that sequential scans read for weeks stops being
 * advised against as soon as the window has passed without them. The baseline moves forward once it is
 * `windowMs` old, so the judged window is between one and two windows long; the first run has none and
 * judges the cumulative counters.
 */
export class TableScanBaseline {
  private snapshot: Snapshot | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Each table's scans since the baseline (or since the last reset, without one); then records the current counters. */
  judge(tables: readonly TableHealth[]): Map<string, TableScans> {
    const atMs = this.now();
    const previous = this.snapshot;
    const scans = new Map<string, TableScans>();
    for (const t of tables) scans.set(keyOf(t), scansSince(t, previous, atMs));
    if (!previous || atMs - previous.atMs >= this.windowMs) {
      this.snapshot = {
        atMs,
        tables: new Map(
          tables.map((t) => [
            keyOf(t),
            { seqScans: t.seqScans, idxScans: t.idxScans, seqRowsRead: t.seqRowsRead },
          ]),
        ),
      };
    }
    return scans;
  }
}

/** The cumulative counters of every table: what a one-shot run, with no earlier snapshot, can judge. */
export function cumulativeScans(tables: readonly TableHealth[]): Map<string, TableScans> {
  return new Map(tables.map((t) => [keyOf(t), scansSince(t, undefined, 0)]));
}

/** The scans of `tables`' entry for this table in `scans`. */
export function scansOf(scans: ReadonlyMap<string, TableScans>, t: TableHealth): TableScans | undefined {
  return scans.get(keyOf(t));
}

function scansSince(t: TableHealth, previous: Snapshot | undefined, atMs: number): TableScans {
  const before = previous?.tables.get(keyOf(t));
  // No earlier count, or counters that went backwards (pg_stat_reset(), a recreated table): since the reset.
  if (!previous || !before || t.seqScans < before.seqScans || t.idxScans < before.idxScans) {
    return { seqScans: t.seqScans, idxScans: t.idxScans, seqRowsRead: t.seqRowsRead };
  }
  return {
    seqScans: t.seqScans - before.seqScans,
    idxScans: t.idxScans - before.idxScans,
    seqRowsRead: Math.max(0, t.seqRowsRead - before.seqRowsRead),
    windowSeconds: (atMs - previous.atMs) / 1000,
  };
}
