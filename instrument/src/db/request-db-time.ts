import { AsyncLocalStorage } from 'node:async_hooks';

/** Database time accumulated by one HTTP request. */
export interface RequestDbTime {
  seconds: number;
  queries: number;
}

/**
 * Carries each request's database time from the pg instrumentation to the HTTP middleware, so the
 * exporter can say "this route spends 80% of its time in the database" without tracing.
 * AsyncLocalStorage is only enabled when a pool or client is instrumented: on Node 20 it adds a promise
 * hook to every request, which a service without database instrumentation should not pay for.
 */
export class RequestDbTimeStore {
  private readonly storage = new AsyncLocalStorage<RequestDbTime>();

  create(): RequestDbTime {
    return { seconds: 0, queries: 0 };
  }

  run(context: RequestDbTime, fn: () => void): void {
    this.storage.run(context, fn);
  }

  current(): RequestDbTime | undefined {
    return this.storage.getStore();
  }
}
