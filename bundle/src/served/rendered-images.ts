import { ChromiumPipe } from './chromium-pipe';

/** An image as the browser drew it: its file's pixels against the CSS pixels it covers. */
export interface RenderedImage {
  url: string;
  naturalWidth: number;
  naturalHeight: number;
  renderedWidth: number;
  renderedHeight: number;
  devicePixelRatio: number;
}

/** The viewport images are measured in: a common laptop screen at device pixel ratio 1. */
export const VIEWPORT = { width: 1280, height: 800, deviceScaleFactor: 1 } as const;

const MEASURE = `JSON.stringify([...document.images].filter((i) => i.complete && i.naturalWidth > 0).map((i) => ({
  url: i.currentSrc || i.src, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight,
  renderedWidth: i.clientWidth, renderedHeight: i.clientHeight, devicePixelRatio: window.devicePixelRatio })))`;

/** Loads the page in headless Chromium and measures every loaded <img> once the load event fired. */
export async function renderedImages(
  pageUrl: URL,
  chromium: string,
  timeoutMs = 30_000,
): Promise<RenderedImage[]> {
  const browser = ChromiumPipe.launch(chromium);
  try {
    const { targetId } = await browser.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
    });
    const { sessionId } = await browser.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    await browser.send('Emulation.setDeviceMetricsOverride', { ...VIEWPORT, mobile: false }, sessionId);
    await browser.send('Page.enable', {}, sessionId);
    const loaded = browser.waitForEvent('Page.loadEventFired', sessionId, timeoutMs);
    await browser.send('Page.navigate', { url: pageUrl.href }, sessionId);
    await loaded;
    const { result } = await browser.send<{ result: { value: string } }>(
      'Runtime.evaluate',
      { expression: MEASURE, returnByValue: true },
      sessionId,
    );
    return JSON.parse(result.value) as RenderedImage[];
  } finally {
    await browser.close();
  }
}
