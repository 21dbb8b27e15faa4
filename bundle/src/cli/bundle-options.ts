import { SEVERITIES, type Severity } from '@perflens/analysis';
import { parseDuration } from '@perflens/conventions';
import { BUNDLE_FORMATS, type BundleFormat } from '../report/format-bundle-report';

/** Flags of `perflens bundle` as commander hands them over. */
export interface BundleFlags {
  stats?: string;
  metafile?: string;
  dir?: string;
  entry?: string[];
  root?: string;
  url?: string;
  budget?: string;
  format: string;
  failOn: string;
  /** With --url: link the page's real-user LCP (from this Prometheus) to what the page serves. */
  prometheus?: string;
  job?: string;
  page?: string;
  range?: string;
  /** Chromium for the image checks of --url (default: PERFLENS_CHROMIUM or /usr/bin/chromium). */
  chromium?: string;
  /** With --url: the exporter to publish the page's summary to, with the bearer token in --token-file. */
  publish?: string;
  tokenFile?: string;
}

export type FailOn = Severity | 'never';

/** Bad usage: the message names the flag. */
export class BundleUsageError extends Error {
  override name = 'BundleUsageError';
}

export function parseBundleFormat(text: string): BundleFormat {
  if (!(BUNDLE_FORMATS as readonly string[]).includes(text))
    throw new BundleUsageError(`--format must be one of ${BUNDLE_FORMATS.join(', ')}, got "${text}"`);
  return text as BundleFormat;
}

export function parseFailOn(text: string): FailOn {
  if (text !== 'never' && !(SEVERITIES as readonly string[]).includes(text))
    throw new BundleUsageError(`--fail-on must be one of critical, warning, info, never, got "${text}"`);
  return text as FailOn;
}

/** Exactly one thing to analyse: a stats file, a metafile, a built directory alone, or a page URL. */
export function inputKind(flags: BundleFlags): 'stats' | 'metafile' | 'dir' | 'url' {
  const given = (['stats', 'metafile', 'url'] as const).filter((flag) => flags[flag] !== undefined);
  if (given.length > 1)
    throw new BundleUsageError(
      `use one of --stats, --metafile and --url, not ${given.map((f) => `--${f}`).join(' and ')}`,
    );
  if (given[0] !== 'url' && flags.prometheus) throw new BundleUsageError('--prometheus goes with --url');
  if (given[0] !== 'url' && flags.publish) throw new BundleUsageError('--publish goes with --url');
  if (given[0]) {
    if (given[0] === 'url' && flags.dir)
      throw new BundleUsageError('--dir goes with --stats or --metafile, not --url');
    return given[0];
  }
  if (flags.dir) return 'dir';
  throw new BundleUsageError(
    'give --stats <webpack stats JSON>, --metafile <esbuild metafile>, --dir <built files> or --url <page>',
  );
}

/** The RUM flags: all with --url, --job with --prometheus; the window in seconds (default 15m). */
export function parseRumFlags(
  flags: BundleFlags,
  pageUrl: URL,
): { prometheus: string; job: string; page: string; rangeSeconds: number } | undefined {
  if (!flags.prometheus) {
    // --page also names the page a published summary is for.
    const rumOnly = flags.publish ? (['job', 'range'] as const) : (['job', 'page', 'range'] as const);
    const stray = rumOnly.filter((flag) => flags[flag] !== undefined);
    if (stray.length > 0) throw new BundleUsageError(`--${stray[0]} goes with --prometheus`);
    return undefined;
  }
  if (!flags.job)
    throw new BundleUsageError(
      '--prometheus needs --job, the Prometheus job of the service whose page it is',
    );
  let rangeSeconds: number;
  try {
    rangeSeconds = parseDuration(flags.range ?? '15m', '--range');
  } catch {
    throw new BundleUsageError(`--range must be a duration such as 15m or 1h, got "${flags.range}"`);
  }
  return { prometheus: flags.prometheus, job: flags.job, page: flags.page ?? pageUrl.pathname, rangeSeconds };
}

/** --publish with its --token-file, and the page label it publishes under (--page, default the URL's path). */
export function parsePublishFlags(
  flags: BundleFlags,
  pageUrl: URL,
): { exporter: string; tokenFile: string; page: string } | undefined {
  if (!flags.publish) {
    if (flags.tokenFile !== undefined) throw new BundleUsageError('--token-file goes with --publish');
    return undefined;
  }
  if (!flags.tokenFile)
    throw new BundleUsageError(
      "--publish needs --token-file, a file holding the exporter's frontendAssets token",
    );
  return { exporter: flags.publish, tokenFile: flags.tokenFile, page: flags.page ?? pageUrl.pathname };
}

export function parsePageUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BundleUsageError(`--url must be an http(s) URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BundleUsageError(`--url must be an http(s) URL, got "${text}"`);
  return url;
}
