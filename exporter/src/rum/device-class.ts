export const DEVICE_CLASSES = ['mobile', 'tablet', 'desktop', 'bot', 'unknown'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/**
 * Buckets a User-Agent into a handful of device classes: the label never carries the user agent itself
 * (unbounded, and close to personal data). The rules follow MDN's advice on UA sniffing ("Mobile" in the
 * UA for phones; iPad and Android without "Mobile" for tablets).
 */
export function deviceClassOf(userAgent: string | undefined): DeviceClass {
  if (!userAgent) return 'unknown';
  if (/bot|crawl|spider|headless|lighthouse|pingdom/i.test(userAgent)) return 'bot';
  if (
    /iPad|Tablet|PlayBook|Silk/i.test(userAgent) ||
    (/Android/i.test(userAgent) && !/Mobile/i.test(userAgent))
  ) {
    return 'tablet';
  }
  if (/Mobi|iPhone|iPod|Android|Windows Phone/i.test(userAgent)) return 'mobile';
  if (/Windows|Macintosh|X11|Linux|CrOS/i.test(userAgent)) return 'desktop';
  return 'unknown';
}
