/** Options for {@link eventually}. */
export interface EventuallyOptions {
  /** Generous: the windows need seconds, a loaded CI machine may need many more. */
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns a value other than undefined, and returns that value. On timeout the
 * error says what was awaited and what `describe` reports about the current state, so a failure shows
 * what did arrive instead.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  describe: () => string | Promise<string> = () => '',
  { timeoutMs = 45_000, intervalMs = 100 }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const state = await Promise.resolve()
        .then(describe)
        .catch((error: unknown) => `(could not describe the state: ${String(error)})`);
      const failure = lastError === undefined ? '' : `\nlast probe error: ${String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${failure}\n${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
