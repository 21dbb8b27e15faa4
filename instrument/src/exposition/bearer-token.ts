import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Checks `Authorization: Bearer <token>` in constant time. Both sides are hashed first so that
 * timingSafeEqual gets equal lengths and the comparison leaks neither content nor length.
 */
export function hasBearerToken(headers: IncomingHttpHeaders, expectedToken: string): boolean {
  const header = headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = createHash('sha256').update(header.slice('Bearer '.length).trim()).digest();
  const expected = createHash('sha256').update(expectedToken).digest();
  return timingSafeEqual(given, expected);
}
