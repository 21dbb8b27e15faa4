// k6 provides a `console` (log, info, warn, error, debug) that @types/k6 leaves to the DOM or Node typings,
// neither of which describes k6's runtime (k6 docs, "JavaScript API: console").
declare global {
  var console: {
    log(...values: unknown[]): void;
    info(...values: unknown[]): void;
    warn(...values: unknown[]): void;
    error(...values: unknown[]): void;
    debug(...values: unknown[]): void;
  };
}

export {};
