/**
 * Route templates for Express 4 and 5 without tracing.
 *
 * Express only knows the *leaf* route pattern (`req.route.path`); the mount paths of the routers a request
 * went through are lost (`req.baseUrl` holds the matched values, `/users/42`, which would make one series
 * per user). So, like OpenTelemetry's express instrumentation, we patch the Router prototype once:
 * - `use(path, …fns)` wraps each function mounted on a non-root path so the request carries the stack of
 *   mount patterns it is inside (pushed on entry, popped when the mounted function calls `next`);
 * - `route(path)` wraps the route's dispatch so that, when a route is dispatched, the full template
 *   (mount patterns + route pattern) is stored on the request.
 * The patch works for routers created before it, but only sees `use`/`route` calls made after it, so
 * `instrument()` must run before routes are added (documented in instrument/README.md).
 */

import { UNMATCHED_ROUTE } from '@perflens/conventions';

// Requests routed at the application root (the common case) carry nothing of Perflens's: their template is
// read from the Route object Express leaves on req.route. Only requests inside mounted routers have a
// TemplateState, with their mount stack and a snapshot of the matched template (kept for errors that bubble
// out of the mount). It is kept in a WeakMap, not on the request: Express gives each request a hidden class
// of its own, so every property Perflens wrote or looked up on it (even one it does not have) missed V8's
// inline caches; a written one cost about 10% of a trivial route's throughput (see http/response-end.ts).
const TEMPLATE_AT_ROOT = Symbol('perflens.templateAtRoot');
const PATCHED = Symbol('perflens.routerPatched');

type Handler = (...args: unknown[]) => unknown;

interface RouteLike {
  path?: unknown;
  [TEMPLATE_AT_ROOT]?: string;
}

interface RequestWithRoute {
  route?: RouteLike;
}

interface TemplateState {
  readonly mounts: string[];
  matchedTemplate?: string;
  matchedRoute?: RouteLike;
}

const templateStates = new WeakMap<object, TemplateState>();

interface RouterPrototype {
  use: Handler;
  route: Handler;
  [PATCHED]?: true;
}

interface LayerLike {
  route?: unknown;
  handle: Handler;
}

function mountsOf(req: object): string[] {
  let state = templateStates.get(req);
  if (state === undefined) templateStates.set(req, (state = { mounts: [] }));
  return state.mounts;
}

/** Turns a path pattern as given to Express (string, RegExp or an array of them) into label text. */
export function formatPathPattern(pattern: unknown): string {
  if (typeof pattern === 'string') return pattern;
  if (pattern instanceof RegExp) return String(pattern);
  if (Array.isArray(pattern)) return `[${pattern.map(formatPathPattern).join(',')}]`;
  return String(pattern);
}

/** Joins mount patterns and a route pattern the way Express matches them (`/api` + `/` is `/api`). */
export function joinTemplate(parts: readonly string[]): string {
  let joined = '';
  for (const part of parts) {
    if (part === '/' || part === '') continue;
    joined += part.startsWith('/') || part.startsWith('[') ? part : `/${part}`;
  }
  return joined === '' ? '/' : joined;
}

function isRootMount(path: unknown): boolean {
  return path === '/' || path === '';
}

/** The route template of a finished request, or UNMATCHED_ROUTE. */
export function routeTemplateOf(req: object): string {
  const route = (req as RequestWithRoute).route;
  const state = templateStates.get(req);
  if (route !== undefined) {
    if (state !== undefined && state.matchedRoute === route) return state.matchedTemplate!;
    // Dispatched with no mount on the stack: the route's own pattern is the template.
    const atRoot = route[TEMPLATE_AT_ROOT];
    if (atRoot !== undefined) return atRoot;
  }
  const mounts = state?.mounts ?? [];
  // A route registered before instrument() still left its leaf pattern on req.route.
  const leaf = route?.path;
  if (leaf !== undefined) return joinTemplate([...mounts, formatPathPattern(leaf)]);
  // A mounted middleware (express.static, a proxy) answered: the mount is the most precise template.
  if (mounts.length > 0) return joinTemplate([...mounts, '*']);
  return UNMATCHED_ROUTE;
}

function wrapMounted(fn: Handler, pattern: string): Handler {
  if (typeof fn !== 'function') return fn;
  const wrapped: Handler =
    fn.length === 4
      ? (function mountedErrorHandler(this: unknown, err: unknown, req: object, res: unknown, next: Handler) {
          return fn.call(this, err, req, res, enterMount(req, pattern, next));
        } as Handler)
      : (function mounted(this: unknown, req: object, res: unknown, next: Handler) {
          return fn.call(this, req, res, enterMount(req, pattern, next));
        } as Handler);
  // Express names the layer after the function (debug output, router.listRoutes()).
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}

function enterMount(req: object, pattern: string, next: Handler): Handler {
  const mounts = mountsOf(req);
  mounts.push(pattern);
  const depth = mounts.length;
  return function leaveMount(this: unknown, ...args: unknown[]) {
    if (mounts.length >= depth) mounts.length = depth - 1;
    return next.apply(this, args);
  };
}

function splitUseArguments(args: unknown[]): { path: unknown; fns: unknown[] } {
  let first = args[0];
  while (Array.isArray(first) && first.length > 0) first = first[0];
  if (typeof first === 'function') return { path: '/', fns: args };
  return { path: args[0], fns: args.slice(1) };
}

/** Finds the object on the prototype chain that owns `name` (Express 4's proto, router 2's Router.prototype). */
function ownerOf(target: object, name: string): RouterPrototype | undefined {
  let current: object | null = target;
  while (current !== null) {
    if (Object.prototype.hasOwnProperty.call(current, name)) return current as RouterPrototype;
    current = Object.getPrototypeOf(current) as object | null;
  }
  return undefined;
}

/** The root router of an Express 4 or 5 application. */
function routerOf(app: unknown): object {
  const candidate = app as { router?: object; _router?: object; lazyrouter?: () => void };
  if (typeof candidate.lazyrouter === 'function') {
    candidate.lazyrouter();
    if (candidate._router) return candidate._router;
  }
  if (candidate.router && typeof candidate.router === 'function') return candidate.router;
  throw new Error('instrument(): `app` is not an Express 4 or 5 application (no router found)');
}

/** Patches the Router prototype of `app`'s Express copy once; later calls are no-ops. */
export function enableRouteTemplates(app: unknown): void {
  const router = routerOf(app);
  const proto = ownerOf(router, 'use');
  if (proto === undefined || typeof proto.route !== 'function') {
    throw new Error('instrument(): unsupported Express version (Router has no use/route methods)');
  }
  if (proto[PATCHED]) return;
  const originalUse = proto.use;
  const originalRoute = proto.route;

  proto.use = function patchedUse(this: unknown, ...args: unknown[]) {
    const { path, fns } = splitUseArguments(args);
    if (isRootMount(path)) return originalUse.apply(this, args);
    const pattern = formatPathPattern(path);
    const wrapped = fns.flat(Infinity).map((fn) => wrapMounted(fn as Handler, pattern));
    return originalUse.call(this, path, ...wrapped);
  };

  proto.route = function patchedRoute(this: { stack: LayerLike[] }, ...args: unknown[]) {
    const route = originalRoute.apply(this, args) as RouteLike;
    const layer = this.stack[this.stack.length - 1];
    if (layer !== undefined && layer.route === route) {
      const dispatch = layer.handle;
      const routePattern = formatPathPattern(route.path);
      route[TEMPLATE_AT_ROOT] = joinTemplate([routePattern]);
      layer.handle = function dispatchWithTemplate(this: unknown, req: unknown, res: unknown, next: unknown) {
        const state = templateStates.get(req as object);
        if (state !== undefined && state.mounts.length > 0) {
          state.matchedTemplate = joinTemplate([...state.mounts, routePattern]);
          state.matchedRoute = route;
        } else if (state !== undefined) {
          // An earlier mounted route fell through to this root route: forget its snapshot.
          state.matchedRoute = undefined;
        }
        return dispatch.call(this, req, res, next);
      };
    }
    return route;
  };
  proto[PATCHED] = true;
}
