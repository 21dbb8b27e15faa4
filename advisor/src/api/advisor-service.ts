import type { Client } from 'pg';
import { parseAdvisorOptions, type AdvisorOptionsInput } from '../advisor-options';
import type { AdvisorReport } from '../report/advisor-report';
import {
  ApplyError,
  applyRecommendation,
  measureApplication,
  readAudit,
  rollbackApplication,
  type AuditEntry,
} from '../apply/apply-audit';
import { validateActor } from '../apply/actor';
import { reconcileApplies, type ReconcileResult } from '../apply/reconcile-applies';
import { TableScanBaseline } from '../health/table-scan-baseline';
import { runAdvisor, withAdvisorClient } from '../run-advisor';
import { extensionSchema } from '../statements/statements-source';

export interface AdvisorServiceOptions {
  dsn: string;
  advisor?: AdvisorOptionsInput;
  /** A report older than this is recomputed on the next read (default 300 s; the hypopg passes are not free). */
  refreshSeconds?: number;
  /** lock_timeout for apply and rollback (default 5 s). */
  lockTimeoutMs?: number;
  /** DROP INDEX CONCURRENTLY tries for an INVALID leftover of a failed apply (default 3), and the first wait. */
  dropAttempts?: number;
  dropBackoffMs?: number;
}

/** The advisor behind the HTTP API and the metric: one cached report, and apply/measure/rollback. */
export interface AdvisorService {
  /** The cached report, recomputed when older than `maxAgeMs` (default: refreshSeconds). */
  report(maxAgeMs?: number): Promise<AdvisorReport>;
  /** The last report without waiting; starts a refresh in the background when it is stale. */
  latest(): AdvisorReport | undefined;
  apply(recommendationId: string, actor: string): Promise<AuditEntry>;
  measure(applyId: number, actor: string): Promise<AuditEntry>;
  rollback(applyId: number, actor: string): Promise<AuditEntry>;
  audit(limit: number): Promise<AuditEntry[]>;
  /**
   * Settles pending audit rows and INVALID leftovers of crashed or timed-out applies (reconcileApplies);
   * the exporter runs it at start-up and logs what it did.
   */
  reconcile(): Promise<ReconcileResult>;
}

/** Thrown by apply for an id the current report does not contain. */
export class UnknownRecommendationError extends Error {}

/**
 * Creates the service. Every operation opens its own connection: hypopg state and session settings
 * (search_path, lock_timeout) never leak between runs, and the advisor holds no connection while idle.
 */
export function createAdvisorService(options: AdvisorServiceOptions): AdvisorService {
  const advisorOptions = parseAdvisorOptions(options.advisor);
  const refreshMs = (options.refreshSeconds ?? 300) * 1000;
  const lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
  const drops = { dropAttempts: options.dropAttempts, dropBackoffMs: options.dropBackoffMs };
  let cached: { report: AdvisorReport; at: number } | undefined;
  let running: Promise<AdvisorReport> | undefined;
  // Table scan advice from the scans since an earlier run, not from counters since the last reset.
  const scanBaseline = new TableScanBaseline(advisorOptions.seqScanWindowSeconds * 1000);

  const withClient = <T>(use: (client: Client) => Promise<T>): Promise<T> =>
    withAdvisorClient(options.dsn, 10_000, use);
  // Single flight: concurrent readers of a stale report share one run.
  const refresh = () =>
    (running ??= withClient((client) => runAdvisor(client, advisorOptions, scanBaseline))
      .then((report) => {
        cached = { report, at: Date.now() };
        return report;
      })
      .finally(() => {
        running = undefined;
      }));
  const statementsSchema = (client: Client) => extensionSchema(client, 'pg_stat_statements');

  return {
    async report(maxAgeMs = refreshMs) {
      if (cached && Date.now() - cached.at <= maxAgeMs) return cached.report;
      return refresh();
    },
    latest() {
      if (!cached || Date.now() - cached.at > refreshMs) refresh().catch(() => undefined);
      return cached?.report;
    },
    async apply(recommendationId, actor) {
      validateActor(actor);
      const report = cached?.report ?? (await refresh());
      let recommendation = report.recommendations.find((r) => r.id === recommendationId);
      // An id from an older report: look again on fresh data before saying it does not exist.
      recommendation ??= (await refresh()).recommendations.find((r) => r.id === recommendationId);
      if (!recommendation)
        throw new UnknownRecommendationError(`no open recommendation with id ${recommendationId}`);
      const found = recommendation;
      const entry = await withClient(async (client) =>
        applyRecommendation(client, found, {
          actor,
          lockTimeoutMs,
          ...drops,
          statementsSchema: await statementsSchema(client),
        }),
      );
      cached = undefined;
      return entry;
    },
    measure: (applyId, actor) =>
      withClient(async (client) => {
        const schema = await statementsSchema(client);
        if (!schema)
          throw new ApplyError('pg_stat_statements is not installed: nothing to measure with', undefined);
        return measureApplication(client, applyId, { actor, statementsSchema: schema });
      }),
    async rollback(applyId, actor) {
      const entry = await withClient((client) =>
        rollbackApplication(client, applyId, { actor, lockTimeoutMs }),
      );
      cached = undefined;
      return entry;
    },
    audit: (limit) => withClient((client) => readAudit(client, limit)),
    reconcile: () =>
      withClient((client) =>
        reconcileApplies(client, {
          lockTimeoutMs,
          attempts: drops.dropAttempts,
          backoffMs: drops.dropBackoffMs,
        }),
      ),
  };
}
