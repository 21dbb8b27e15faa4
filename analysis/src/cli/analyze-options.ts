import { DurationError, parseDuration } from '@perflens/conventions';
import { atLeast, type Finding, SEVERITIES, type Severity } from '../findings/finding';
import { DEFAULT_QUERY_TIMEOUT_SECONDS } from '../sources/http-prometheus-client';

/** Exit codes of `perflens analyze`, for CI gates. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export const FORMATS = ['table', 'markdown', 'json', 'junit'] as const;
export type ReportFormat = (typeof FORMATS)[number];
export type FailOn = Severity | 'never';

/** Flags as commander hands them over. */
export interface AnalyzeFlags {
  prometheus: string;
  job?: string;
  range?: string;
  from?: string;
  to?: string;
  testid?: string;
  baselineTestid?: string;
  format: string;
  failOn: string;
  slo?: string;
  /** `perflens slo generate`'s spelling of --slo, accepted here too so one spelling works for both commands. */
  spec?: string;
  config?: string;
  /** Comma-separated databases (datname) of the job; default: mapped from its labels (analysis-scope.ts). */
  databases?: string;
  /** Comma-separated hosts (node metrics' instance or host name) of the job; default: mapped from its labels. */
  hosts?: string;
  /** Comma-separated exporters (instance or host name) whose RUM series are the job's; default: on its hosts. */
  rumExporters?: string;
  /** `perflens advisor --format json` output: its missing-index advice names the columns to index. */
  advice?: string;
  /** A running exporter whose advisor API (GET /api/v1/advisor/recommendations) gives the advice instead. */
  advisorUrl?: string;
  /** File holding that API's viewer token (else $PERFLENS_ADVISOR_TOKEN; never a flag value). */
  advisorTokenFile?: string;
  /** Longest wait for one Prometheus query (a duration, default 30s); the whole analysis gets 4 times it. */
  timeout?: string;
  /** Grafana's base URL for dashboard links (else $PERFLENS_GRAFANA_URL, else relative paths). */
  grafanaUrl?: string;
  /** Base of runbook links (docs/analysis.md and its check sections); link-base.ts has the default. */
  runbookUrl?: string;
}

/** Bad usage: the message names the flag. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Seconds in a duration flag such as 15m, 1h or 90s (conventions' parser), as a usage error otherwise. */
function parseDurationFlag(flag: string, text: string): number {
  try {
    return parseDuration(text, flag);
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new UsageError(`${flag} must be a duration such as 15m, 1h or 2d, got "${text}"`);
  }
}

/** Unix seconds from RFC 3339 (2024-01-01T00:00:00Z) or unix seconds, as Prometheus' own API accepts. */
export function parseTime(flag: string, text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
    throw new UsageError(
      `${flag} must be an RFC 3339 time (2024-01-01T12:00:00Z) or unix seconds, got "${text}"`,
    );
  }
  return ms / 1000;
}

/** The analysed window: --range back from now, --from/--to, or the k6 run's own window (--testid alone). */
export function parseWindow(
  flags: AnalyzeFlags,
  nowSeconds: number,
): { endSeconds: number; rangeSeconds: number; rangeFromTest: boolean } {
  if (flags.range && (flags.from || flags.to))
    throw new UsageError('use either --range or --from/--to, not both');
  if (flags.from || flags.to) {
    if (!flags.from || !flags.to) throw new UsageError('--from and --to go together');
    const from = parseTime('--from', flags.from);
    const to = parseTime('--to', flags.to);
    if (to <= from) throw new UsageError('--to must be after --from');
    return { endSeconds: to, rangeSeconds: to - from, rangeFromTest: false };
  }
  const rangeSeconds = parseDurationFlag('--range', flags.range ?? '15m');
  return { endSeconds: nowSeconds, rangeSeconds, rangeFromTest: Boolean(flags.testid) && !flags.range };
}

/** Seconds of --timeout (default 30 s): a duration such as 30s or 2m. */
export function parseTimeout(text: string | undefined): number {
  return text === undefined ? DEFAULT_QUERY_TIMEOUT_SECONDS : parseDurationFlag('--timeout', text);
}

export function parseFormat(text: string): ReportFormat {
  if (!(FORMATS as readonly string[]).includes(text))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${text}"`);
  return text as ReportFormat;
}

export function parseFailOn(text: string): FailOn {
  if (text !== 'never' && !(SEVERITIES as readonly string[]).includes(text)) {
    throw new UsageError(`--fail-on must be one of critical, warning, info, never, got "${text}"`);
  }
  return text as FailOn;
}

/** 1 when a finding is at or above --fail-on, else 0. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'never') return EXIT_OK;
  return findings.some((f) => atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

export function parsePrometheusUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--prometheus must be a URL such as http://localhost:9090, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--prometheus must be an http(s) URL, got "${text}"`);
  return text;
}
