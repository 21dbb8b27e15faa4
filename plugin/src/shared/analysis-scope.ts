import type { AnalysisScope } from '@perflens/analysis/engine';

/**
 * The engine's scope for a service and a time range in milliseconds (the scene's, or the URL's `from`/`to`):
 * whole seconds, at least a minute, and the k6 run (with its baseline) when one is picked.
 */
export function analysisScope(
  job: string,
  fromMs: number,
  toMs: number,
  run: { testid?: string; baselineTestid?: string } = {}
): AnalysisScope {
  const endSeconds = Math.floor(toMs / 1000);
  const { testid, baselineTestid } = run;
  return {
    job,
    endSeconds,
    rangeSeconds: Math.max(60, endSeconds - Math.floor(fromMs / 1000)),
    ...(testid ? { testid } : {}),
    ...(testid && baselineTestid ? { baselineTestid } : {}),
  };
}
