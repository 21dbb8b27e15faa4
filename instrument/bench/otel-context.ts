import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;
const ADD_METHODS = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVE_METHODS = ['off', 'removeListener'] as const;
const BOUND = Symbol('bench.otelBoundListeners');

type BindableEmitter = EventEmitter & { [BOUND]?: Map<string | symbol, Map<Listener, Listener>> };

/**
 * A context manager on AsyncLocalStorage for the benchmark. OpenTelemetry's own
 * (@opentelemetry/context-async-hooks) is not a dependency here; without one, context.with() is a no-op and
 * instrumentation-http never sees the route that instrumentation-express records, so its metrics lack
 * http.route. Like the official manager it binds an emitter's listeners to the context active when the
 * emitter was bound (instrumentation-http binds request and response, then reads the route in 'close').
 */
export class BenchContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(context, () => fn.apply(thisArg, args));
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target === 'function') return this.bindFunction(context, target as unknown as Listener) as T;
    if (
      target !== null &&
      typeof target === 'object' &&
      typeof (target as unknown as EventEmitter).on === 'function'
    ) {
      this.bindEmitter(context, target as unknown as BindableEmitter);
    }
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }

  private bindFunction(context: Context, fn: Listener): Listener {
    const storage = this.storage;
    return function boundToContext(this: unknown, ...args: unknown[]) {
      return storage.run(context, () => fn.apply(this, args));
    };
  }

  private bindEmitter(context: Context, emitter: BindableEmitter): void {
    if (emitter[BOUND] !== undefined) return;
    const bound = new Map<string | symbol, Map<Listener, Listener>>();
    emitter[BOUND] = bound;
    for (const name of ADD_METHODS) {
      const original = emitter[name] as (event: string | symbol, listener: Listener) => EventEmitter;
      emitter[name] = ((event: string | symbol, listener: Listener) => {
        const wrapped = this.bindFunction(context, listener);
        let byListener = bound.get(event);
        if (byListener === undefined) bound.set(event, (byListener = new Map()));
        byListener.set(listener, wrapped);
        return original.call(emitter, event, wrapped);
      }) as never;
    }
    for (const name of REMOVE_METHODS) {
      const original = emitter[name] as (event: string | symbol, listener: Listener) => EventEmitter;
      emitter[name] = ((event: string | symbol, listener: Listener) => {
        const wrapped = bound.get(event)?.get(listener);
        if (wrapped !== undefined) bound.get(event)!.delete(listener);
        return original.call(emitter, event, wrapped ?? listener);
      }) as never;
    }
  }
}
