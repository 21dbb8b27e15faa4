import { describeExit, type ManagedProcess, ServiceStartError } from './managed-process';

/** Options for {@link waitUntilReady}. */
export interface ReadinessOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Gives up when aborted (a stop was asked for during startup): stops the child, throws the reason. */
  signal?: AbortSignal;
}

/**
 * Polls `probe` until it returns true while the child is alive, then unreferences the child (see
 * {@link ManagedProcess.unref}). On early exit or timeout the child is stopped and a
 * {@link ServiceStartError} with its last output is thrown, so a test failing in beforeAll shows why the
 * service did not come up. Probes must time out on their own (about a second) to keep the deadline.
 */
export async function waitUntilReady(
  child: ManagedProcess,
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 100, signal }: ReadinessOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) {
      await child.stop();
      signal.throwIfAborted();
    }
    const status = child.exitStatus;
    if (status) throw await child.failure(`${describeExit(status)} while starting`);
    if (await probe()) {
      child.unref();
      return;
    }
    if (Date.now() >= deadline) {
      await child.stop();
      throw await child.failure(`did not become ready within ${timeoutMs} ms`);
    }
    await Promise.race([child.exited, delay(intervalMs)]);
  }
}

/**
 * Calls `attempt` with a fresh port, retrying up to `attempts` times when the service reports that the
 * port was taken between {@link freePort} and its bind (a race other parallel tests can win).
 */
export async function withPortRetry<T>(
  freePort: () => Promise<number>,
  attempt: (port: number) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt(await freePort());
    } catch (error) {
      if (i >= attempts || !(error instanceof ServiceStartError) || !error.portInUse) throw error;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
