import { closeScope, type LoopTimeAccount, loopTimeMeasured, openScope } from '../runtime/loop-blocking';

/*
 * The handler chain a request enters again later. A middleware that waits (express.json() reading the
 * body, a session store, an auth callback) calls next() from its own callback, outside the middleware's
 * next(): the handler it reaches then runs outside every measured scope. Express runs each middleware and
 * handler through one method of its Layer class (Express 4: handle_request; router 2 in Express 5:
 * handleRequest), route-level ones included, so timing that method when no scope is open catches exactly
 * those re-entries: a login hashing its password right after `express.json()` is charged for the hash.
 * Inside the middleware's chain or a query's continuation a scope is open, and the wrapper only calls
 * through (a property read and a counter test per layer).
 */

const PATCHED = Symbol('perflens.asyncDispatchTimed');
/** Layers that run before Perflens's middleware (Express 4's query and init, a user's earlier app.use). */
const BEFORE_MIDDLEWARE = Symbol('perflens.beforeMiddleware');

type LayerMethod = (this: LayerLike, req: unknown, res: unknown, next: unknown) => unknown;

interface LayerLike {
  [BEFORE_MIDDLEWARE]?: true;
  [name: string]: unknown;
}

interface LayerPrototype {
  handleRequest?: LayerMethod;
  handle_request?: LayerMethod;
  [PATCHED]?: true;
}

/** Each application's current request account (the per-request database context), by `req.app`. */
const accountOfApp = new WeakMap<object, () => LoopTimeAccount | undefined>();

/**
 * Times re-entries into `app`'s handler chain and charges them to the request account `currentAccount`
 * returns (the request's AsyncLocalStorage context: body parsers keep it). Call it right after the
 * Perflens middleware is added: the layers up to it are left alone. Patches the Layer class of `app`'s
 * Express copy once.
 */
export function enableAsyncDispatchTiming(
  app: object,
  currentAccount: () => LoopTimeAccount | undefined,
): void {
  const candidate = app as { _router?: { stack?: unknown }; router?: { stack?: unknown } };
  const stack = (candidate._router ?? candidate.router)?.stack;
  if (!Array.isArray(stack) || stack.length === 0) return;
  for (const layer of stack as LayerLike[]) layer[BEFORE_MIDDLEWARE] = true;
  accountOfApp.set(app, currentAccount);
  const proto = Object.getPrototypeOf(stack[stack.length - 1]) as LayerPrototype | null;
  if (proto === null || proto[PATCHED]) return;
  const name =
    typeof proto.handleRequest === 'function'
      ? 'handleRequest'
      : typeof proto.handle_request === 'function'
        ? 'handle_request'
        : undefined;
  if (name === undefined) return; // an Express whose layers this does not know: re-entries go unmeasured
  const original = proto[name]!;
  proto[name] = function timedLayer(this: LayerLike, req: unknown, res: unknown, next: unknown) {
    if (this[BEFORE_MIDDLEWARE] === true || loopTimeMeasured()) return original.call(this, req, res, next);
    const appOfRequest = (req as { app?: object } | null)?.app;
    const account = appOfRequest === undefined ? undefined : accountOfApp.get(appOfRequest)?.();
    if (account === undefined) return original.call(this, req, res, next);
    const startedAt = openScope();
    try {
      return original.call(this, req, res, next);
    } finally {
      closeScope(account, startedAt);
    }
  };
  proto[PATCHED] = true;
}
