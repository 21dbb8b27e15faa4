import { z } from 'zod';

/**
 * Thresholds of the advisor, each defaulting to the value PgHero or Dexter uses (see
 * shared reference notes, "PostgreSQL optimisation advisors"), so the advice matches what those tools say.
 */
export const advisorOptionsSchema = z
  .object({
    /** Statements analysed for indexes at most, the most expensive first (by total execution time). */
    maxStatements: z.number().int().positive().default(100),
    /**
     * Statements are chosen by cost, not by how often they run: one is analysed when it has at least this
     * share of the database's total execution time, or of the blocks all statements read (0.1%).
     */
    minTimeShare: z.number().min(0).max(1).default(0.001),
    /**
     * A floor, not the selection rule: statements run fewer times are one-offs (a migration, a bulk load,
     * an ad-hoc query) and are neither analysed nor charged as write cost. Dexter's --min-calls is 100,
     * which hides a statement run 60 times at 40 ms each.
     */
    minCalls: z.number().int().nonnegative().default(2),
    /** Workload selection: at most this many new indexes per table (AutoAdmin's budget). */
    maxIndexesPerTable: z.number().int().positive().default(3),
    /** Workload selection: total estimated size of the new indexes (hypopg_relation_size); 0 means no limit. */
    maxNewIndexBytes: z.number().int().nonnegative().default(0),
    /** Workload selection: an index must save at least this share of what the per-statement indexes would. */
    minIndexSavingShare: z.number().min(0).max(1).default(0.02),
    /** Workload selection: EXPLAINs of the cost matrix and re-costing at most (about 0.3 ms each). */
    maxWhatIfExplains: z.number().int().positive().default(20_000),
    /** PgHero's slow_query_ms: a statement is listed as slow at this mean time... */
    slowMeanMs: z.number().nonnegative().default(20),
    /** ...and at least this many calls (PgHero's slow_query_calls). */
    slowMinCalls: z.number().int().nonnegative().default(100),
    /** Dexter's --min-cost: cheaper plans are not worth an index. */
    minCost: z.number().nonnegative().default(100),
    /** Dexter's --min-cost-savings-pct (50): the planner's cost must drop at least this much. */
    minCostSavingsPct: z.number().gt(0).lt(100).default(50),
    /** Dexter batches at most 500 hypothetical indexes to avoid "hypopg: not more oid available". */
    maxHypotheticalIndexes: z.number().int().positive().default(500),
    /** PgHero's explain_timeout_sec, per EXPLAIN. */
    explainTimeoutMs: z.number().int().positive().default(10_000),
    /** PgHero's unused_index_megabytes: smaller unused indexes are not worth the noise. */
    unusedIndexMinBytes: z
      .number()
      .int()
      .nonnegative()
      .default(10 * 1024 * 1024),
    /** PgHero's missing-index heuristic: tables with fewer live rows are ignored. */
    seqScanMinRows: z.number().int().nonnegative().default(10_000),
    /** PgHero: a table is seq-scan heavy when index scans are under 95% of all scans. */
    seqScanMaxIndexShare: z.number().min(0).max(1).default(0.95),
    /**
     * A long-running advisor (the exporter's API) judges tables on the scans since an earlier run at least
     * this old (health/table-scan-baseline.ts), not on counters since the last statistics reset.
     */
    seqScanWindowSeconds: z.number().nonnegative().default(300),
    /** Wasted bytes from which a table's bloat estimate is reported (PgHero's index_bloat_bytes: 100 MB). */
    bloatMinBytes: z
      .number()
      .int()
      .nonnegative()
      .default(100 * 1024 * 1024),
    /** PgHero's cache_hit_rate_threshold (99%). */
    cacheHitRatioMin: z.number().min(0).max(1).default(0.99),
    /** Blocks read before the cache hit ratio means anything: a just-started server has read little. */
    cacheHitMinBlocks: z.number().int().nonnegative().default(10_000),
    /** Share of max_connections (less the superuser reserve) from which connections are near the limit. */
    connectionsMaxShare: z.number().min(0).max(1).default(0.8),
    /** Sessions idle in a transaction at least this long are reported (PgHero flags long-running at 60 s). */
    idleInTransactionSeconds: z.number().nonnegative().default(60),
    /** Use hypopg when it is installed; false forces the unverified heuristic. */
    useHypopg: z.boolean().default(true),
    /**
     * Run even though the advisor's own login role is a superuser. Off: planning application SQL can run
     * code that RESETs ROLE back to that role (docs/advisor.md, "Privileges").
     */
    allowSuperuser: z.boolean().default(false),
    /** Plan statements that only superusers ran, as that superuser. Off: they are reported as not planned. */
    planSuperuserStatements: z.boolean().default(false),
    /** Plan statements whose planning can reach a function outside pg_catalog. Off: reported as not planned. */
    planNonCatalogFunctions: z.boolean().default(false),
  })
  .strict();

export type AdvisorOptionsInput = z.input<typeof advisorOptionsSchema>;
export type AdvisorOptions = z.output<typeof advisorOptionsSchema>;

/** Validates options; errors name the field (zod's path) so a config file can point at it. */
export function parseAdvisorOptions(input: AdvisorOptionsInput = {}): AdvisorOptions {
  const result = advisorOptionsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid advisor option ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return result.data;
}
