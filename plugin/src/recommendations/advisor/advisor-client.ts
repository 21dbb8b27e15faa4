import { lastValueFrom } from 'rxjs';
import type { BackendSrv } from '@grafana/runtime';
import { PLUGIN_ID } from '../../constants';

/**
 * The exporter's advisor API (docs/advisor.md, "HTTP API") through the app's `exporter` plugin route: Grafana's
 * server adds the stored token and enforces the route's role (GET for Viewers, POST Admin only), so the token
 * never reaches the browser. Kept free of Grafana's UI so Node tests can read it.
 */
export const ADVISOR_ROUTE_URL = `/api/plugin-proxy/${PLUGIN_ID}/exporter/api/v1/advisor`;

/** A statement an index serves, with the execution time the workload selection expects it to save. */
export interface AdvisorStatement {
  queryid: string;
  query: string;
  calls: number;
  meanExecMs: number;
  savedMs?: number;
}

/** A recommendation as GET /recommendations returns it (the fields the page shows). */
export interface AdvisorRecommendation {
  id: string;
  kind: string;
  severity: 'critical' | 'warning' | 'info';
  title: string;
  expectedEffect: string;
  verified: boolean;
  statements?: AdvisorStatement[];
  applySql?: string;
  rollbackSql?: string;
}

export interface AdvisorReport {
  generatedAt: string;
  database: string;
  hypopg: boolean;
  recommendations: AdvisorRecommendation[];
}

/** One row of the advisor's audit table (GET /audit, newest first). */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: 'apply' | 'rollback' | 'measure';
  recommendationId: string;
  kind: string;
  sql: string;
  rollbackSql: string | null;
  outcome: 'pending' | 'succeeded' | 'failed';
  error: string | null;
  details: Record<string, unknown> | null;
}

/** What POST /applications/:id/measure records: mean time per statement before the apply and since. */
export interface MeasuredStatement {
  queryid: string;
  meanMsBefore: number | null;
  callsAfter: number;
  meanMsAfter: number | null;
}

export class AdvisorClient {
  constructor(private readonly backendSrv: BackendSrv) {}

  async report(): Promise<AdvisorReport> {
    return this.request<AdvisorReport>('GET', '/recommendations');
  }

  async audit(limit = 100): Promise<AuditEntry[]> {
    return this.request<AuditEntry[]>('GET', `/audit?limit=${limit}`);
  }

  async apply(recommendationId: string, actor: string): Promise<AuditEntry> {
    return this.request('POST', `/recommendations/${encodeURIComponent(recommendationId)}/apply`, { actor });
  }

  async rollback(applyId: number, actor: string): Promise<AuditEntry> {
    return this.request('POST', `/applications/${applyId}/rollback`, { actor });
  }

  async measure(applyId: number, actor: string): Promise<AuditEntry> {
    return this.request('POST', `/applications/${applyId}/measure`, { actor });
  }

  private async request<T>(method: 'GET' | 'POST', path: string, data?: object): Promise<T> {
    const response = await lastValueFrom(
      this.backendSrv.fetch<T>({ url: `${ADVISOR_ROUTE_URL}${path}`, method, data, showErrorAlert: false })
    );
    return response.data;
  }
}

/** The reason of a failed call: the API's `{"error"}`, Grafana's `{"message"}`, else the status. */
export function describeFailure(error: unknown): string {
  const failure = error as { status?: number; statusText?: string; data?: { error?: string; message?: string } };
  const reason = failure?.data?.error ?? failure?.data?.message ?? failure?.statusText ?? String(error);
  return failure?.status ? `${reason} (HTTP ${failure.status})` : reason;
}

/** Successful applies not rolled back since, newest first: what the database carries now thanks to the advisor. */
export function activeApplies(audit: readonly AuditEntry[]): AuditEntry[] {
  const rolledBack = new Set(
    audit.filter((e) => e.action === 'rollback' && e.outcome === 'succeeded').map((e) => Number(e.details?.applyId))
  );
  return audit.filter((e) => e.action === 'apply' && e.outcome === 'succeeded' && !rolledBack.has(e.id));
}

/** The newest measurement of an apply (audit is newest first), as its statements' before/after means. */
export function latestMeasurement(audit: readonly AuditEntry[], applyId: number): MeasuredStatement[] | undefined {
  const entry = audit.find(
    (e) => e.action === 'measure' && e.outcome === 'succeeded' && Number(e.details?.applyId) === applyId
  );
  return entry ? ((entry.details?.statements ?? []) as MeasuredStatement[]) : undefined;
}
