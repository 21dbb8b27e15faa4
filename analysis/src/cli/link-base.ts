import { DEFAULT_LINK_BASE, type LinkBase } from '../report/finding-links';
import { UsageError } from './analyze-options';

/**
 * docs/analysis.md of the checkout this command runs from (analysis/src/cli or analysis/dist/cli, three folders
 * down), whose sections the runbook links name. An installed package has no docs folder and links to the
 * published docs instead. Node's modules are imported here, not at the top: the package index stays
 * loadable where only the engine runs (engine-dependencies.test.ts).
 */
export async function checkoutAnalysisDoc(): Promise<string> {
  const path = await import('node:path');
  return path.resolve(__dirname, '../../../docs/analysis.md');
}

/**
 * Where the report's links point. Runbooks: --runbook-url, else the checkout's own docs/analysis.md as a file
 * URL (it opens offline, where the published docs may not), else the published docs. Dashboards: under
 * --grafana-url or $PERFLENS_GRAFANA_URL, else paths relative to whichever Grafana the reader uses.
 */
export async function linkBaseFrom(
  flags: { grafanaUrl?: string; runbookUrl?: string },
  env: NodeJS.ProcessEnv,
  checkoutDoc?: string,
): Promise<LinkBase> {
  const { existsSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const doc = checkoutDoc ?? (await checkoutAnalysisDoc());
  const grafanaUrl = flags.grafanaUrl ?? env.PERFLENS_GRAFANA_URL;
  return {
    grafanaUrl:
      grafanaUrl === undefined || grafanaUrl === ''
        ? ''
        : webUrl(
            flags.grafanaUrl !== undefined ? '--grafana-url' : '$PERFLENS_GRAFANA_URL',
            grafanaUrl,
          ).replace(/\/+$/, ''),
    runbookBaseUrl:
      flags.runbookUrl !== undefined
        ? webUrl('--runbook-url', flags.runbookUrl, ['file:'])
        : existsSync(doc)
          ? pathToFileURL(doc).href
          : DEFAULT_LINK_BASE.runbookBaseUrl,
  };
}

function webUrl(source: string, text: string, alsoAllowed: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source} must be a URL such as http://localhost:3000, got "${text}"`);
  }
  if (!['http:', 'https:', ...alsoAllowed].includes(url.protocol))
    throw new UsageError(
      `${source} must be an http(s)${alsoAllowed.length > 0 ? ' or file' : ''} URL, got "${text}"`,
    );
  return text;
}
