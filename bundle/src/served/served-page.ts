import type { CheckMetadata } from '@perflens/analysis';
import type { BundleFindingDraft } from '../checks/bundle-check';
import type { RawResponse } from './fetch-raw';
import type { PageAsset } from './page-assets';
import type { RenderedImage } from './rendered-images';

/** What a browser got for one page: the HTML, each asset it references, and the images as drawn. */
export interface ServedPage {
  page: RawResponse;
  assets: Array<{ asset: PageAsset; response: RawResponse }>;
  images: RenderedImage[];
}

/** A check of served assets: its metadata and a pure function from the page to drafts. */
export interface ServedCheck {
  metadata: CheckMetadata;
  run(page: ServedPage): BundleFindingDraft[];
}

/** Every response of the page, the HTML first. */
export function responsesOf(page: ServedPage): RawResponse[] {
  return [page.page, ...page.assets.map((a) => a.response)];
}

/** The media type without parameters, lower case. */
export function mediaType(response: RawResponse): string {
  return (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The path of a URL for titles and targets: `/assets/app.js`. */
export function shortUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
