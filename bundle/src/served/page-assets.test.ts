import { pageAssets } from './page-assets';

const page = new URL('http://shop.test/products/');

describe('pageAssets', () => {
  it.each([
    ['a classic script in <head> blocks', '<head><script src="a.js"></script></head>', 'script', true],
    ['a deferred script does not', '<head><script defer src="a.js"></script></head>', 'script', false],
    ['an async script does not', '<head><script async src="a.js"></script></head>', 'script', false],
    ['a module script does not', '<head><script type="module" src="a.js"></script></head>', 'script', false],
    ['a script at the end of <body> does not', '<body><script src="a.js"></script></body>', 'script', false],
    [
      'a stylesheet for all media blocks',
      '<head><link rel="stylesheet" href="a.css"></head>',
      'stylesheet',
      true,
    ],
    [
      'a print stylesheet does not',
      '<head><link rel="stylesheet" href="a.css" media="print"></head>',
      'stylesheet',
      false,
    ],
    ['an image never does', '<body><img src="a.png"></body>', 'image', false],
  ])('%s', (_title, html, kind, renderBlocking) => {
    const [asset, ...rest] = pageAssets(`<!doctype html><html>${html}</html>`, page);
    expect(rest).toEqual([]);
    expect(asset).toMatchObject({ kind, renderBlocking });
  });

  it('resolves references against the page URL', () => {
    const [asset] = pageAssets('<img src="../img/a.png">', page);
    expect(asset?.url.href).toBe('http://shop.test/img/a.png');
  });
});
