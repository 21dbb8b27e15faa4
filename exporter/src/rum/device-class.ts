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

/** User agents longer than this are not cached (real ones are a few hundred characters; forged ones can be 8 KB). */
const MAX_CACHED_USER_AGENT_LENGTH = 512;
const MAX_CACHED_USER_AGENTS = 1000;

/**
 * deviceClassOf with a bounded cache: a site's traffic comes from a few hundred distinct user agents, and
 * the five regular expressions above cost more than a map lookup. When the cache is full it starts over,
 * which keeps it bounded without the bookkeeping of an LRU.
 */
export class DeviceClassCache {
  private readonly known = new Map<string, DeviceClass>();

  of(userAgent: string | undefined): DeviceClass {
    if (!userAgent || userAgent.length > MAX_CACHED_USER_AGENT_LENGTH) return deviceClassOf(userAgent);
    let deviceClass = this.known.get(userAgent);
    if (deviceClass === undefined) {
      deviceClass = deviceClassOf(userAgent);
      if (this.known.size >= MAX_CACHED_USER_AGENTS) this.known.clear();
      this.known.set(userAgent, deviceClass);
    }
    return deviceClass;
  }
}
