import { parse } from 'parse5';

/** A script, stylesheet or image the page's HTML references. */
export interface PageAsset {
  kind: 'script' | 'stylesheet' | 'image';
  url: URL;
  /** Inside <head>. */
  inHead: boolean;
  /** Blocks the first render: a classic script without async/defer, or a stylesheet for all media. */
  renderBlocking: boolean;
}

interface Node {
  nodeName: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: Node[];
}

/**
 * The assets in a page's HTML. A script blocks rendering unless it is async, deferred or a module (HTML
 * standard, "scripting"); a stylesheet blocks unless its media query cannot match at load (media="print",
 * the usual deferred-CSS pattern, web.dev "Defer non-critical CSS").
 */
export function pageAssets(html: string, pageUrl: URL): PageAsset[] {
  const assets: PageAsset[] = [];
  const visit = (node: Node, inHead: boolean) => {
    const attr = (name: string) => node.attrs?.find((a) => a.name === name)?.value;
    const resolve = (ref: string | undefined) => (ref ? new URL(ref, pageUrl) : undefined);
    if (node.nodeName === 'script') {
      const url = resolve(attr('src'));
      const deferred =
        attr('async') !== undefined || attr('defer') !== undefined || attr('type') === 'module';
      if (url) assets.push({ kind: 'script', url, inHead, renderBlocking: inHead && !deferred });
    } else if (node.nodeName === 'link' && (attr('rel') ?? '').split(/\s+/).includes('stylesheet')) {
      const url = resolve(attr('href'));
      const media = (attr('media') ?? 'all').trim();
      if (url)
        assets.push({
          kind: 'stylesheet',
          url,
          inHead,
          renderBlocking: media === 'all' || media === 'screen' || media === '',
        });
    } else if (node.nodeName === 'img') {
      const url = resolve(attr('src'));
      if (url) assets.push({ kind: 'image', url, inHead, renderBlocking: false });
    }
    for (const child of node.childNodes ?? []) visit(child, inHead || node.nodeName === 'head');
  };
  visit(parse(html) as unknown as Node, false);
  return assets;
}
