import { subscribe } from 'node:diagnostics_channel';

/*
 * When a response ends, learned without touching the response's own properties.
 *
 * Why not `res.on('close', …)` per request: Express swaps the prototype of every req and res it handles,
 * so they do not share a hidden class and a property read or written on them misses V8's inline caches and
 * is looked up in the runtime (V8's --log-ic: 108 such misses per request in a bare Express 5 app, 124 with
 * Perflens before this module). Registering a listener is four of them (`on`, `_events`, `_eventsCount`
 * read and written) and reading `writableFinished` a fifth. With the route template's state moved off the
 * request too (route-template.ts), Perflens adds 7 misses per request instead of 16 (BENCHMARKS.md,
 * "Instructions per request", also for what that does and does not change in instructions).
 *
 * Node's HTTP server publishes every request's start and every response's finish on diagnostics
 * channels, with the socket, in plain message objects. A response that finished is recorded from the
 * finish message. One that never finishes ended with its connection: a single `close` listener per
 * socket (not per request) records whatever was still open on it, as the per-response 'close' did (Node
 * emits that one from the socket's close too). Responses Node's server did not start (a test's synthetic
 * objects, another HTTP implementation) fall back to the per-response listener.
 */

/** Called once per response: `aborted` when the client went away before the response headers were sent. */
export type ResponseEndListener = (aborted: boolean) => void;

/** A response Node's HTTP server started; `onEnd` is set once a middleware watches it. */
interface OpenResponse {
  readonly response: ResponseLike;
  readonly socket: SocketLike;
  onEnd?: ResponseEndListener;
}

interface ResponseLike {
  readonly writableFinished: boolean;
  readonly headersSent: boolean;
  on(event: 'close', listener: () => void): unknown;
}

interface SocketLike {
  once(event: 'close', listener: () => void): unknown;
}

interface ServerMessage {
  response: ResponseLike;
  socket: SocketLike;
}

const openResponses = new WeakMap<object, OpenResponse>();
/** The responses still open on each connection (more than one only with HTTP pipelining). */
const openOnSocket = new WeakMap<object, Set<OpenResponse>>();
let subscribed = false;

/** The per-response listener's verdict, kept for responses the channels do not report. */
function endedBeforeHeaders(response: ResponseLike): boolean {
  return !response.writableFinished && !response.headersSent;
}

function responseStarted(message: unknown): void {
  const { response, socket } = message as ServerMessage;
  const open: OpenResponse = { response, socket };
  openResponses.set(response, open);
  let onSocket = openOnSocket.get(socket);
  if (onSocket === undefined) {
    const responses = new Set<OpenResponse>();
    openOnSocket.set(socket, (onSocket = responses));
    socket.once('close', function connectionClosed() {
      for (const unfinished of responses) end(unfinished, endedBeforeHeaders(unfinished.response));
    });
  }
  onSocket.add(open);
}

function responseFinished(message: unknown): void {
  const open = openResponses.get((message as ServerMessage).response);
  if (open !== undefined) end(open, false);
}

function end(open: OpenResponse, aborted: boolean): void {
  openResponses.delete(open.response);
  openOnSocket.get(open.socket)?.delete(open);
  open.onEnd?.(aborted);
}

/**
 * Subscribes to Node's HTTP server channels (once per process). Call before requests arrive: a response
 * started earlier falls back to its own 'close' listener.
 */
export function watchServerResponses(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('http.server.request.start', responseStarted);
  subscribe('http.server.response.finish', responseFinished);
}

/** Calls `onEnd` once, when `response` finished or its client went away. */
export function onResponseEnd(response: ResponseLike, onEnd: ResponseEndListener): void {
  const open = openResponses.get(response);
  if (open !== undefined) {
    open.onEnd = onEnd;
    return;
  }
  response.on('close', function responseClosed() {
    onEnd(endedBeforeHeaders(response));
  });
}
