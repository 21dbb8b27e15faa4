/** Server-side limits for one collector query, in milliseconds. */
export interface QueryTimeouts {
  statementMs: number;
  lockMs: number;
}

/**
 * The time one database's scrape may take, shared by its queries in turn. Each query gets the configured
 * statement_timeout and lock_timeout, cut to what is left of the scrape's budget, so a few queries that
 * wait for locks cannot push the scrape past Prometheus' scrape timeout; once the budget is spent, the
 * remaining queries are skipped (and reported as failed) instead of run.
 */
export class QueryBudget {
  private readonly deadline: number;

  constructor(
    totalMs: number,
    private readonly limits: QueryTimeouts,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + totalMs;
  }

  /** Below this, a query is not worth starting: PostgreSQL would cancel it at once. */
  static readonly MIN_QUERY_MS = 50;

  /** Timeouts for the next query, or undefined when the budget is spent. */
  next(): QueryTimeouts | undefined {
    const left = Math.floor(this.deadline - this.now());
    if (left < QueryBudget.MIN_QUERY_MS) return undefined;
    const statementMs = Math.min(this.limits.statementMs, left);
    return { statementMs, lockMs: Math.min(this.limits.lockMs, statementMs) };
  }
}
