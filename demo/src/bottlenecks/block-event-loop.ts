import { createHash } from 'node:crypto';

/**
 * Hashes in a synchronous loop for `ms` milliseconds of wall time: the event loop serves nothing else
 * meanwhile, which is what a CPU-bound handler does to every other request on the process.
 */
export function blockEventLoop(ms: number, seed: string): string {
  const deadline = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  let digest = seed;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 100; i++) digest = createHash('sha256').update(digest).digest('hex');
  }
  return digest;
}
