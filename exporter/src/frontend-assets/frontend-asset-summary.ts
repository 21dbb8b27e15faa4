import { z } from 'zod';
import { compilePattern, type PagePattern } from '../rum/page-matcher';

/** Byte counts of one page: a served page of a terabyte is a bug in the sender, not a measurement. */
const bytes = z.number().int().min(0).max(1e12);
/** Assets of one page. */
const count = z.number().int().min(0).max(100_000);
/** The longest page label accepted: RUM page names are at most 100 characters, templates a little more. */
export const MAX_PAGE_LABEL_LENGTH = 200;

/**
 * What `perflens bundle --url … --publish` sends for one page (docs/exporter.md, "Front-end asset
 * summaries"): the page as the RUM snippet labels it, the bytes its scripts and stylesheets transfer and
 * their budgets, the text bytes served uncompressed, the render-blocking assets in <head>, the bytes each
 * fix would save, and when the report was made. Unknown fields are errors, so a typo is named.
 */
export const frontendAssetSummarySchema = z.strictObject({
  page: z.string().min(1).max(MAX_PAGE_LABEL_LENGTH),
  /** When the page was analysed, unix seconds. */
  reportedAtSeconds: z.number().positive().max(1e11),
  script: z.strictObject({ bytes, budgetBytes: bytes }),
  style: z.strictObject({ bytes, budgetBytes: bytes }),
  /** Bytes transferred by text responses of 1 KiB or more served without br or gzip. */
  uncompressedBytes: bytes,
  /** Classic scripts and stylesheets in <head> that hold back the first paint. */
  renderBlocking: z.strictObject({ scripts: count, stylesheets: count }),
  /** What each fix saves: gzip on the uncompressed responses, the render-blocking bytes, resized images. */
  savingsBytes: z.strictObject({ compression: bytes, renderBlocking: bytes, images: bytes }),
});

export type FrontendAssetSummary = z.infer<typeof frontendAssetSummarySchema>;

/** A summary that cannot be taken; the message names the field. */
export class InvalidSummaryError extends Error {
  override name = 'InvalidSummaryError';
}

/**
 * Validates a posted summary. The page label must be one RUM can produce, so the summary and the page's web
 * vitals share it: a configured page (rum.pages: its name, else its pattern) when pages are configured,
 * otherwise a path template as rum.pages accepts (`/products/:id`).
 */
export function parseSummary(body: unknown, rumPages: readonly PagePattern[]): FrontendAssetSummary {
  const parsed = frontendAssetSummarySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(body)';
    throw new InvalidSummaryError(`${field}: ${issue.message}`);
  }
  const problem = pageLabelProblem(parsed.data.page, rumPages);
  if (problem) throw new InvalidSummaryError(`page: ${problem}`);
  return parsed.data;
}

function pageLabelProblem(page: string, rumPages: readonly PagePattern[]): string | undefined {
  if (rumPages.length > 0) {
    const labels = rumPages.map((p) => p.name ?? p.pattern);
    if (labels.includes(page)) return undefined;
    const listed = labels.slice(0, 5).map((label) => `"${label}"`);
    return `"${page}" is not a page of rum.pages (${listed.join(', ')}${labels.length > 5 ? ', …' : ''}); use the label its web vitals carry`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(page)) return 'expected no control characters';
  try {
    compilePattern(page);
  } catch (error) {
    return `expected a path template such as /products/:id (${(error as Error).message})`;
  }
  return undefined;
}
