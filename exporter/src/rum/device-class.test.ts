import { DeviceClassCache, deviceClassOf } from './device-class';

describe('deviceClassOf', () => {
  it.each([
    [
      'an iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
      'mobile',
    ],
    [
      'an Android phone',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36',
      'mobile',
    ],
    [
      'an Android tablet',
      'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
      'tablet',
    ],
    ['an iPad', 'Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15', 'tablet'],
    [
      'Chrome on Windows',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
      'desktop',
    ],
    [
      'Safari on a Mac',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15',
      'desktop',
    ],
    [
      'headless Chromium',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36',
      'bot',
    ],
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'bot'],
    ['curl', 'curl/8.5.0', 'unknown'],
    ['no user agent', undefined, 'unknown'],
  ])('classifies %s', (_title, userAgent, expected) => {
    expect(deviceClassOf(userAgent)).toBe(expected);
  });
});

describe('DeviceClassCache', () => {
  it('answers as deviceClassOf does, cached, past its size and for user agents too long to cache', () => {
    const cache = new DeviceClassCache();
    const agents = [
      ...Array.from(
        { length: 2500 },
        (_, i) => `Mozilla/5.0 (${['iPhone', 'iPad', 'Windows NT 10.0', 'X'][i % 4]}) build/${i}`,
      ),
      'Mozilla/5.0 (Linux; Android 14) Mobile ' + 'A'.repeat(8000),
      undefined,
    ];
    const twice = [...agents, ...agents];
    expect(twice.map((ua) => cache.of(ua))).toEqual(twice.map((ua) => deviceClassOf(ua)));
  });
});
