import { readFileSync } from 'node:fs';
import { BundleInputError } from '../../readers/bundle-input-error';
import type { PageSummary } from './page-summary';

/** Where the exporter takes summaries (exporter/src/frontend-assets/frontend-assets-router.ts). */
export const FRONTEND_ASSETS_PATH = '/api/v1/frontend-assets';

/** The endpoint for `--publish <exporter URL>`: the exporter's base URL, or the endpoint itself. */
export function publishEndpoint(exporterUrl: string): URL {
  let url: URL;
  try {
    url = new URL(exporterUrl);
  } catch {
    throw new BundleInputError(`--publish must be the exporter's http(s) URL, got "${exporterUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BundleInputError(`--publish must be the exporter's http(s) URL, got "${exporterUrl}"`);
  if (!url.pathname.endsWith(FRONTEND_ASSETS_PATH))
    url.pathname = `${url.pathname.replace(/\/$/, '')}${FRONTEND_ASSETS_PATH}`;
  return url;
}

/** The bearer token from `--token-file` (trimmed: files usually end with a newline). */
export function readPublishToken(tokenFile: string): string {
  let token: string;
  try {
    token = readFileSync(tokenFile, 'utf8').trim();
  } catch (error) {
    throw new BundleInputError(
      `--token-file: cannot read ${tokenFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (token === '') throw new BundleInputError(`--token-file: ${tokenFile} is empty`);
  return token;
}

/** POSTs the summary; anything but 202 is an error naming the exporter's answer (never the token). */
export async function publishSummary(endpoint: URL, token: string, summary: PageSummary): Promise<void> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(summary),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new BundleInputError(`cannot publish to ${endpoint.href}: ${(error as Error).message}`);
  }
  if (response.status === 202) return;
  const text = await response.text();
  let reason = text.slice(0, 300);
  try {
    reason = (JSON.parse(text) as { error?: string }).error ?? reason;
  } catch {
    // not JSON: the text as it came
  }
  throw new BundleInputError(`${endpoint.href} refused the page summary: HTTP ${response.status} ${reason}`);
}
