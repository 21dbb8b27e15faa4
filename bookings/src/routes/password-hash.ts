import { pbkdf2, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/** PBKDF2-HMAC-SHA512 with OWASP's 210,000 iterations (Password Storage Cheat Sheet, 2021-2023). */
export const PASSWORD_HASH = { iterations: 210_000, keyBytes: 64, digest: 'sha512' } as const;

const pbkdf2Async = promisify(pbkdf2);

/** A stored salt and hash (hex), as the guests table keeps them. */
export interface StoredPassword {
  password_salt: string;
  password_hash: string;
}

/** The fix: the hash runs on libuv's thread pool and the event loop serves other requests meanwhile. */
export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  const { iterations, keyBytes, digest } = PASSWORD_HASH;
  const hash = await pbkdf2Async(
    password,
    Buffer.from(stored.password_salt, 'hex'),
    iterations,
    keyBytes,
    digest,
  );
  return timingSafeEqual(hash, Buffer.from(stored.password_hash, 'hex'));
}

/** The blocking-login bottleneck: the same hash on the event loop, which serves nothing else meanwhile. */
export function verifyPasswordBlocking(password: string, stored: StoredPassword): boolean {
  const { iterations, keyBytes, digest } = PASSWORD_HASH;
  const hash = pbkdf2Sync(password, Buffer.from(stored.password_salt, 'hex'), iterations, keyBytes, digest);
  return timingSafeEqual(hash, Buffer.from(stored.password_hash, 'hex'));
}
