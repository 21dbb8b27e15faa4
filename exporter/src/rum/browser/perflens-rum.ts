// The browser half of Perflens RUM: collects web vitals with Google's web-vitals library and sends them
// to the exporter's /rum endpoint. Bundled by the exporter (esbuild) and served as /rum.js (a classic
// script that starts itself) and /rum.mjs (an ES module exporting startPerflensRum).
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';

export interface PerflensRumOptions {
  /** The exporter's ingestion URL, e.g. "https://metrics.example.com/rum". */
  endpoint: string;
  /** The URL reported for this page; the exporter maps it onto its configured page patterns. */
  page?: string;
}

interface Sample {
  name: Metric['name'] | 'PageLoad';
  value: number;
  id: string;
}

/** Must match the exporter's limit (beacon-parser.ts MAX_SAMPLES_PER_BEACON). */
const MAX_SAMPLES_PER_BEACON = 20;

/**
 * Starts collecting. Samples are queued by id (a later report of the same metric replaces the earlier
 * one) and sent in one batch when the page is hidden, the last moment that is reliably observable on
 * mobile (web-vitals README, "Batch multiple reports together"; Page Lifecycle API advice).
 */
export function startPerflensRum(options: PerflensRumOptions): void {
  const queue = new Map<string, Sample>();
  const add = (metric: Metric) =>
    queue.set(metric.id, { name: metric.name, value: metric.value, id: metric.id });
  onCLS(add);
  onFCP(add);
  onINP(add);
  onLCP(add);
  onTTFB(add);
  whenLoaded(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as
      PerformanceNavigationTiming | undefined;
    if (navigation && navigation.loadEventEnd > 0) {
      const id = `pl-${Date.now()}-${Math.floor(Math.random() * 1e12)}`;
      queue.set(id, { name: 'PageLoad', value: navigation.loadEventEnd, id });
    }
  });

  const flush = () => {
    const samples = [...queue.values()];
    queue.clear();
    for (let i = 0; i < samples.length; i += MAX_SAMPLES_PER_BEACON) {
      send(
        options.endpoint,
        JSON.stringify({
          page: options.page ?? location.href,
          metrics: samples.slice(i, i + MAX_SAMPLES_PER_BEACON),
        }),
      );
    }
  };
  // web-vitals reports its final values from capturing listeners on window; a bubbling listener on
  // window runs after them, so the batch includes them. pagehide catches what arrives later.
  addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  addEventListener('pagehide', flush);
}

/**
 * sendBeacon with a string body is sent as text/plain, which needs no CORS preflight. When it refuses
 * (quota exceeded, or unavailable) fetch with keepalive outlives the page the same way.
 */
function send(endpoint: string, body: string): void {
  if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(endpoint, body)) return;
  void fetch(endpoint, {
    method: 'POST',
    body,
    keepalive: true,
    credentials: 'omit',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
  }).catch(() => undefined);
}

/** Runs after the load event has finished, so loadEventEnd is set. */
function whenLoaded(callback: () => void): void {
  const later = () => setTimeout(callback, 0);
  if (document.readyState === 'complete') later();
  else addEventListener('load', later, { once: true });
}
