import express, { type Request, type Response } from 'express';

/** Browsers cap a sendBeacon or keepalive body at 64 KiB (Fetch standard, "keepalive" quota), so no real beacon is larger. */
export const RUM_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * sendBeacon(url, string) sends text/plain;charset=UTF-8, a CORS-safelisted type that needs no preflight
 * (Beacon spec §3.1; Fetch standard "CORS-safelisted request-header"); fetch callers may send JSON.
 */
const ACCEPTED_TYPES = ['text/plain', 'application/json'];

export type BodyResult =
  { ok: true; text: string } | { ok: false; status: number; reason: string; message: string };

// Everything is read as text and parsed by the beacon parser. The limit is enforced on the bytes as they
// stream in, so a chunked upload without Content-Length is cut off at the limit, not buffered whole
// (faro.receiver checks only Content-Length). Compressed bodies are refused: inflating them would let
// 64 KiB on the wire become megabytes in memory, and browsers never compress beacons.
const readText = express.text({
  type: () => true,
  limit: RUM_BODY_LIMIT_BYTES,
  inflate: false,
  defaultCharset: 'utf-8',
});

/** Checks the content type and reads the body within the limit; every failure is a 4xx with a reason. */
export function readBeaconBody(req: Request, res: Response): Promise<BodyResult> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.includes(mediaType)) {
    return Promise.resolve({
      ok: false,
      status: 415,
      reason: 'unsupported_content_type',
      message: `Content-Type must be text/plain or application/json, got "${mediaType || 'none'}"`,
    });
  }
  return new Promise((resolve) => {
    readText(req, res, (error?: unknown) => {
      if (error) return resolve(bodyError(error));
      const body: unknown = req.body;
      if (typeof body !== 'string' || body.length === 0) {
        return resolve({ ok: false, status: 400, reason: 'invalid_payload', message: 'body is empty' });
      }
      resolve({ ok: true, text: body });
    });
  });
}

function bodyError(error: unknown): BodyResult {
  const type = (error as { type?: string }).type;
  switch (type) {
    case 'entity.too.large':
      return {
        ok: false,
        status: 413,
        reason: 'body_too_large',
        message: `body exceeds ${RUM_BODY_LIMIT_BYTES} bytes`,
      };
    case 'encoding.unsupported':
      return {
        ok: false,
        status: 415,
        reason: 'unsupported_encoding',
        message: 'Content-Encoding must be identity',
      };
    case 'charset.unsupported':
      return { ok: false, status: 415, reason: 'unsupported_charset', message: 'unsupported charset' };
    default:
      // Aborted uploads, length mismatches and malformed encodings: all the client's doing.
      return { ok: false, status: 400, reason: 'unreadable_body', message: 'body could not be read' };
  }
}
