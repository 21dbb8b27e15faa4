import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface JsonBodyOptions {
  /** Bytes of body accepted; more is answered 413 as soon as the limit is passed. */
  limitBytes: number;
  /** The whole body must arrive within this time, or 408: a client that dribbles bytes is cut off. */
  timeoutMs: number;
}

/**
 * Reads a small JSON body into req.body ({} when there is none). Unlike body-parser, which reads a
 * rejected body to its end before answering, this answers at once: Content-Length over the limit before
 * a byte is read, a streamed body the moment it passes the limit, a slow one at the deadline. Every such
 * answer carries `Connection: close`, so the rest of the body is never read. Reasons are short and never
 * the parser's own message.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) {
      req.body = {};
      return next();
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > options.limitBytes) {
      return refuse(req, res, 413, `request body: larger than ${options.limitBytes} bytes`);
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return refuse(req, res, 415, 'request body: expected Content-Type application/json');
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      return refuse(req, res, 415, 'request body: expected no Content-Encoding');
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (then: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      then();
    };
    const deadline = setTimeout(
      () =>
        finish(() =>
          refuse(req, res, 408, `request body: not received within ${Math.ceil(options.timeoutMs / 1000)} s`),
        ),
      options.timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > options.limitBytes) {
        finish(() => refuse(req, res, 413, `request body: larger than ${options.limitBytes} bytes`));
      } else chunks.push(chunk);
    };
    const onEnd = () =>
      finish(() => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim() === '') {
          req.body = {};
          return next();
        }
        try {
          req.body = JSON.parse(text) as unknown;
        } catch {
          return refuse(req, res, 400, 'request body: malformed JSON');
        }
        next();
      });
    // The client went away or the socket broke: nobody is left to answer.
    const onError = () => finish(() => req.destroy());
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  };
}

/** True when the request announces a body (RFC 9112 6.3: Content-Length or Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Answers without reading (the rest of) the body. `Connection: close` makes Node close the socket after
 * the response instead of draining the body to keep the connection alive.
 */
export function refuse(req: IncomingMessage, res: Response, status: number, error: string): void {
  req.pause();
  if (hasBody(req) && !req.complete) res.set('Connection', 'close');
  res.status(status).json({ error });
}
