import type { IncomingMessage } from 'node:http';

/** Browsers cap a sendBeacon or keepalive body at 64 KiB (Fetch standard, "keepalive" quota), so no real beacon is larger. */
export const RUM_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * sendBeacon(url, string) sends text/plain;charset=UTF-8, a CORS-safelisted type that needs no preflight
 * (Beacon spec §3.1; Fetch standard "CORS-safelisted request-header"); fetch callers may send JSON.
 */
const ACCEPTED_TYPES = new Set(['text/plain', 'application/json']);

/** Charsets a beacon may declare, and how Node decodes them; browsers send UTF-8 (the default). */
const CHARSETS = new Map<string, BufferEncoding>([
  ['utf-8', 'utf8'],
  ['utf8', 'utf8'],
  ['us-ascii', 'latin1'],
  ['iso-8859-1', 'latin1'],
  ['latin1', 'latin1'],
]);

export interface BodyRefusal {
  status: number;
  reason: string;
  message: string;
}

/** Called once: with a refusal, or with the body as text. */
export type BodyCallback = (refusal: BodyRefusal | undefined, text: string) => void;

/**
 * Checks the content type, encoding, charset and declared length, then reads the body as text within the
 * limit. The limit is enforced on the bytes as they stream in, so a chunked upload without Content-Length
 * is cut off at the limit, not buffered whole (faro.receiver checks only Content-Length). Compressed bodies
 * are refused: inflating them would let 64 KiB on the wire become megabytes in memory, and browsers never
 * compress beacons. A refused body is still read off (and dropped) before the answer, as body-parser
 * does, so the connection stays usable; the server's requestTimeout bounds how long that may take.
 * A callback rather than a promise: this runs for every beacon, and the hot path avoids the extra ticks.
 */
export function readBeaconBody(req: IncomingMessage, done: BodyCallback): void {
  const refusal = checkHeaders(req);
  if (typeof refusal !== 'string') return drainThen(req, () => done(refusal, ''));
  const encoding = refusal;
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let received = 0;
  let tooLarge = false;
  let settled = false;
  const settle = (failure: BodyRefusal | undefined, text: string) => {
    if (settled) return;
    settled = true;
    req.removeListener('data', onData);
    done(failure, text);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (tooLarge) return;
    if (received > RUM_BODY_LIMIT_BYTES) {
      tooLarge = true;
      first = more = undefined;
    } else if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
  };
  req.on('data', onData);
  req.once('end', () => {
    if (tooLarge) return settle(BODY_TOO_LARGE, '');
    if (first === undefined) return settle(EMPTY_BODY, '');
    settle(undefined, (more ? Buffer.concat(more, received) : first).toString(encoding));
  });
  // Aborted uploads and malformed framing: the client's doing, answered (if anyone still listens) with 400.
  req.on('error', () => settle(UNREADABLE_BODY, ''));
  req.once('close', () => settle(UNREADABLE_BODY, ''));
}

/** The Node encoding to decode the body with, or why the headers alone already refuse it. */
function checkHeaders(req: IncomingMessage): BufferEncoding | BodyRefusal {
  const byType = contentTypes.check(req.headers['content-type'] ?? '');
  if (typeof byType !== 'string') return byType;
  const contentEncoding = req.headers['content-encoding'];
  if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity') {
    return { status: 415, reason: 'unsupported_encoding', message: 'Content-Encoding must be identity' };
  }
  if (Number(req.headers['content-length']) > RUM_BODY_LIMIT_BYTES) return BODY_TOO_LARGE;
  return byType;
}

/**
 * The verdict on a Content-Type header, remembered for the few short values real senders use (browsers
 * send exactly "text/plain;charset=UTF-8"), so the header is not split and matched on every beacon.
 * Bounded: at most 32 values of at most 100 characters; when full it starts over.
 */
class ContentTypeVerdicts {
  private readonly known = new Map<string, BufferEncoding | BodyRefusal>();

  check(contentType: string): BufferEncoding | BodyRefusal {
    let verdict = this.known.get(contentType);
    if (verdict === undefined) {
      verdict = judgeContentType(contentType);
      if (contentType.length <= 100) {
        if (this.known.size >= 32) this.known.clear();
        this.known.set(contentType, verdict);
      }
    }
    return verdict;
  }
}

const contentTypes = new ContentTypeVerdicts();

function judgeContentType(contentType: string): BufferEncoding | BodyRefusal {
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (!ACCEPTED_TYPES.has(mediaType)) {
    return {
      status: 415,
      reason: 'unsupported_content_type',
      message: `Content-Type must be text/plain or application/json, got "${mediaType.slice(0, 100) || 'none'}"`,
    };
  }
  const charset = semicolon === -1 ? 'utf-8' : charsetOf(contentType.slice(semicolon + 1));
  return (
    CHARSETS.get(charset) ?? {
      status: 415,
      reason: 'unsupported_charset',
      message: `charset must be utf-8, us-ascii or iso-8859-1, got "${charset.slice(0, 40)}"`,
    }
  );
}

/** The charset parameter of a Content-Type's parameters ("; charset=UTF-8"), lower-cased; utf-8 if absent. */
function charsetOf(parameters: string): string {
  for (const parameter of parameters.split(';')) {
    const equals = parameter.indexOf('=');
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    return parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return 'utf-8';
}

/** Reads off and drops whatever body is left, then calls `then` (once, also if the client goes away). */
function drainThen(req: IncomingMessage, then: () => void): void {
  if (req.complete) return then();
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    then();
  };
  req.once('end', once);
  req.on('error', once);
  req.once('close', once);
  req.resume();
}

const BODY_TOO_LARGE: BodyRefusal = {
  status: 413,
  reason: 'body_too_large',
  message: `body exceeds ${RUM_BODY_LIMIT_BYTES} bytes`,
};
const EMPTY_BODY: BodyRefusal = { status: 400, reason: 'invalid_payload', message: 'body is empty' };
const UNREADABLE_BODY: BodyRefusal = {
  status: 400,
  reason: 'unreadable_body',
  message: 'body could not be read',
};
