import type { FrontendAssetSummary } from './frontend-asset-summary';

/**
 * The latest summary per page, at most `maxPages` of them: a page published again moves to the newest end,
 * and a new page past the cap drops the page published longest ago, so the series on /metrics stay bounded
 * (each page is 11 series) whatever a sender does.
 */
export class FrontendAssetStore {
  private readonly byPage = new Map<string, FrontendAssetSummary>();

  constructor(readonly maxPages: number) {
    if (!Number.isInteger(maxPages) || maxPages < 1)
      throw new Error(`frontend assets: maxPages must be a positive integer, got ${maxPages}`);
  }

  /** Keeps the summary as its page's latest; returns the page dropped to make room, if any. */
  put(summary: FrontendAssetSummary): string | undefined {
    this.byPage.delete(summary.page);
    this.byPage.set(summary.page, summary);
    if (this.byPage.size <= this.maxPages) return undefined;
    const oldest = this.byPage.keys().next().value as string;
    this.byPage.delete(oldest);
    return oldest;
  }

  /** Every kept summary, the oldest first. */
  summaries(): FrontendAssetSummary[] {
    return [...this.byPage.values()];
  }

  get size(): number {
    return this.byPage.size;
  }
}
