import type { RequestHandler } from 'express';

/** Bytes kept per request while the memory-leak bottleneck is on. */
export const LEAK_BYTES_PER_REQUEST = 256 * 1024;

/**
 * The classic unbounded per-request cache: entries are added and never evicted. Buffers live outside the
 * V8 heap, so the growth shows exactly in nodejs_external_memory_bytes rather than blurred by GC timing.
 */
export class LeakyCache {
  private readonly entries: Buffer[] = [];

  middleware(isOn: () => boolean): RequestHandler {
    return (_req, _res, next) => {
      if (isOn()) this.entries.push(Buffer.alloc(LEAK_BYTES_PER_REQUEST, 1));
      next();
    };
  }

  get retainedBytes(): number {
    return this.entries.length * LEAK_BYTES_PER_REQUEST;
  }

  release(): void {
    this.entries.length = 0;
  }
}
