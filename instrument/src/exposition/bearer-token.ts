import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** `Bearer <token>`; the scheme name is case-insensitive (RFC 7235 2.1), so `bearer` and `BEARER` count too. */
const BEARER = /^bearer +(\S+) *$/i;

/**
 * Checks `Authorization: Bearer <token>` in constant time. Both sides are hashed first so that
 * timingSafeEqual gets equal lengths and the comparison leaks neither content nor length.
 */
export function hasBearerToken(headers: IncomingHttpHeaders, expectedToken: string): boolean {
  const header = headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match) return false;
  const given = createHash('sha256').update(match[1]!).digest();
  const expected = createHash('sha256').update(expectedToken).digest();
  return timingSafeEqual(given, expected);
}
