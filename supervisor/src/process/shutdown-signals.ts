import os from 'node:os';
import { cleanUpTrackedSync, leaveSigtermToApplication } from './cleanup-registry';
import { realProcess } from './real-process';

/** Options for {@link handleShutdownSignals}. */
export interface ShutdownSignalOptions {
  /** Ends the process after a second signal; `process.exit` unless a test passes its own. */
  exit?: (code: number) => void;
}

const signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * For a program that supervises services until it is told to stop (`perflens up`): the first SIGINT or
 * SIGTERM calls `onSignal`, which should stop the services in order and let the program end. A second
 * signal (Ctrl-C pressed again) kills every supervised process at once and exits with 128 + the signal
 * number, as a shell reports a death by that signal. Without this, SIGINT ends Node without its 'exit'
 * hook and SIGTERM makes the cleanup registry kill everything without order. Returns a function that
 * gives the signals back.
 */
export function handleShutdownSignals(
  onSignal: (signal: NodeJS.Signals) => void,
  options: ShutdownSignalOptions = {},
): () => void {
  const real = realProcess();
  const exit = options.exit ?? ((code: number) => real.exit(code));
  let received = false;
  const listener = (signal: NodeJS.Signals): void => {
    if (!received) {
      received = true;
      onSignal(signal);
      return;
    }
    cleanUpTrackedSync();
    exit(128 + (os.constants.signals[signal] ?? 0));
  };
  leaveSigtermToApplication(true);
  for (const signal of signals) real.on(signal, listener);
  return () => {
    for (const signal of signals) real.removeListener(signal, listener);
    leaveSigtermToApplication(false);
  };
}
