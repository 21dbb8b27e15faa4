import { RateLimiter } from './rate-limiter';

function limiter(nowRef: { ms: number }, maxTrackedClients = 100) {
  return new RateLimiter({
    perClient: { ratePerSecond: 2, burst: 3 },
    global: { ratePerSecond: 10, burst: 5 },
    maxTrackedClients,
    now: () => nowRef.ms,
  });
}

describe('RateLimiter', () => {
  it('lets a client send its burst, then refuses with the seconds until a token is back', () => {
    const now = { ms: 0 };
    const l = limiter(now);
    expect([1, 2, 3, 4].map(() => l.take('a'))).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      { allowed: false, scope: 'client', retryAfterSeconds: 1 },
    ]);
    now.ms = 500;
    expect(l.take('a')).toEqual({ allowed: true });
  });

  it('refuses everyone once the global bucket is empty', () => {
    const l = limiter({ ms: 0 });
    ['a', 'a', 'b', 'b', 'c'].forEach((client) => expect(l.take(client)).toEqual({ allowed: true }));
    expect(l.take('d')).toEqual({ allowed: false, scope: 'global', retryAfterSeconds: 1 });
  });

  it('remembers at most maxTrackedClients clients', () => {
    const now = { ms: 0 };
    const l = limiter(now, 10);
    for (let i = 0; i < 1000; i++) {
      now.ms += 1000;
      l.take(`client-${i}`);
    }
    expect(l.trackedClients).toBe(10);
  });

  it('forgets the least recently seen client first, not the first one it met', () => {
    const l = new RateLimiter({
      perClient: { ratePerSecond: 2, burst: 3 },
      global: { ratePerSecond: 10, burst: 100 },
      maxTrackedClients: 3,
      now: () => 0,
    });
    ['a', 'b', 'c'].forEach((client) => l.take(client));
    l.take('a'); // a spends a second token and becomes the most recently seen; b is now the oldest
    l.take('d'); // forgets b
    // a's bucket was kept (one token left of three), b's was forgotten (a fresh, full bucket)
    expect([l.take('a'), l.take('a'), l.take('b'), l.trackedClients]).toEqual([
      { allowed: true },
      { allowed: false, scope: 'client', retryAfterSeconds: 1 },
      { allowed: true },
      3,
    ]);
  });
});
