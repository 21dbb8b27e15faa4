import type { AdvisorReportLike, IndexAdvice } from '../recommend/index-advice';
import { indexAdviceFromAdvisorReport } from '../recommend/index-advice';
import { UsageError } from './analyze-options';

/** Where the exporter mounts the advisor API (advisor/src/api/advisor-router.ts, ADVISOR_API_PATH). */
export const ADVISOR_RECOMMENDATIONS_PATH = '/api/v1/advisor/recommendations';
/** The environment variable that may carry the advisor API token (a file is the other way; never a flag). */
export const ADVISOR_TOKEN_ENV = 'PERFLENS_ADVISOR_TOKEN';

/** Where the index advice comes from: --advice FILE, or --advisor-url with a token. */
export interface AdviceSource {
  advice?: string;
  advisorUrl?: string;
  advisorTokenFile?: string;
}

/**
 * The index advice the flags ask for: none, the file of --advice, or a running exporter's advisor API
 * (--advisor-url). Every failure is a UsageError (exit 2) naming the flag, file or URL.
 */
export async function loadAdvice(
  source: AdviceSource,
  options: { timeoutSeconds: number; env?: NodeJS.ProcessEnv },
): Promise<IndexAdvice[]> {
  if (source.advice && source.advisorUrl)
    throw new UsageError('use either --advice or --advisor-url, not both');
  if (source.advisorTokenFile && !source.advisorUrl)
    throw new UsageError('--advisor-token-file goes with --advisor-url');
  if (source.advice) return loadIndexAdvice(source.advice);
  if (!source.advisorUrl) return [];
  const url = advisorEndpoint(source.advisorUrl);
  const token = await advisorToken(source.advisorTokenFile, options.env ?? process.env);
  return fetchIndexAdvice(url, token, options.timeoutSeconds);
}

/**
 * The token from --advisor-token-file (first line, as the exporter reads its token files) or from
 * $PERFLENS_ADVISOR_TOKEN. There is no flag that takes the token itself: it would land in shell history and
 * in the process list.
 */
async function advisorToken(file: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (file) {
    const { existsSync, readFileSync } = await import('node:fs');
    if (!existsSync(file)) throw new UsageError(`--advisor-token-file: ${file} does not exist`);
    const token = readFileSync(file, 'utf8').split(/\r?\n/)[0]!.trim();
    if (!token) throw new UsageError(`--advisor-token-file: ${file} is empty`);
    return token;
  }
  const token = env[ADVISOR_TOKEN_ENV]?.trim();
  if (!token)
    throw new UsageError(
      `--advisor-url needs the advisor API's viewer token: --advisor-token-file FILE or $${ADVISOR_TOKEN_ENV}`,
    );
  return token;
}

/**
 * GET /api/v1/advisor/recommendations of the exporter at `base`, validated as --advice FILE is. The exporter
 * may run the advisor to answer (its report is cached), so the wait is generous; redirects are refused so
 * the token goes nowhere else.
 */
export async function fetchIndexAdvice(
  base: string,
  token: string,
  timeoutSeconds: number,
): Promise<IndexAdvice[]> {
  const url = advisorEndpoint(base);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutSeconds}s` : cause;
    throw new UsageError(`--advisor-url: cannot reach the advisor API at ${url}: ${why}`);
  }
  const body = await response.text();
  if (response.status === 401 || response.status === 403)
    throw new UsageError(
      `--advisor-url: token rejected by ${url} (HTTP ${response.status}); check --advisor-token-file or $${ADVISOR_TOKEN_ENV}`,
    );
  if (!response.ok)
    throw new UsageError(`--advisor-url: ${url} answered HTTP ${response.status}: ${errorOf(body)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new UsageError(`--advisor-url: ${url} did not answer JSON: ${(error as Error).message}`);
  }
  if (!isAdvisorReport(parsed))
    throw new UsageError(
      `--advisor-url: ${url} did not answer an advisor report ("database" and "recommendations")`,
    );
  return indexAdviceFromAdvisorReport(parsed);
}

/** The recommendations endpoint under an exporter's base URL (a base that already names it is kept). */
export function advisorEndpoint(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(
      `--advisor-url must be the exporter's URL such as http://127.0.0.1:9187, got "${base}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--advisor-url must be an http(s) URL, got "${base}"`);
  if (url.username || url.password)
    throw new UsageError('--advisor-url must not carry credentials: use --advisor-token-file');
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith(ADVISOR_RECOMMENDATIONS_PATH)) url.pathname = `${path}${ADVISOR_RECOMMENDATIONS_PATH}`;
  url.search = '';
  return url.toString();
}

/** The API's `{"error": "..."}` reason, else the start of the body. */
function errorOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 200) || '(empty body)';
}

/**
 * Reads `--advice FILE`, the JSON of `perflens advisor --format json` (or of the exporter's
 * GET /api/v1/advisor/recommendations), as the engine's index advice. Node-only (node:fs), so it is imported
 * lazily, as the SLO file is.
 */
export async function loadIndexAdvice(file: string): Promise<IndexAdvice[]> {
  const { existsSync, readFileSync } = await import('node:fs');
  if (!existsSync(file)) throw new UsageError(`--advice: ${file} does not exist`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--advice: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isAdvisorReport(parsed)) {
    throw new UsageError(
      `--advice: ${file} is not a perflens advisor report (perflens advisor --format json): it needs "database" and "recommendations"`,
    );
  }
  return indexAdviceFromAdvisorReport(parsed);
}

function isAdvisorReport(value: unknown): value is AdvisorReportLike {
  if (typeof value !== 'object' || value === null) return false;
  const { database, recommendations } = value as Record<string, unknown>;
  return (
    typeof database === 'string' &&
    Array.isArray(recommendations) &&
    recommendations.every(
      (r: unknown) =>
        typeof r === 'object' &&
        r !== null &&
        typeof (r as Record<string, unknown>).kind === 'string' &&
        typeof (r as Record<string, unknown>).target === 'object' &&
        (r as Record<string, unknown>).target !== null,
    )
  );
}
