/**
 * What the k6 stand-ins saw, so Node tests can assert on requests, checks and metric samples. The stand-ins
 * replace k6's built-in modules in jest only (jest.config.js); k6 itself cannot run on these machines.
 */
export interface RecordedRequest {
  method: string;
  url: string;
  body: string | null;
  tags: Record<string, string>;
  headers: Record<string, string>;
}

export interface RecordedCheck {
  name: string;
  ok: boolean;
  tags: Record<string, string>;
}

function newRecorder() {
  return {
    requests: [] as RecordedRequest[],
    checks: [] as RecordedCheck[],
    metricSamples: [] as { metric: string; value: number }[],
    responseCallbacks: [] as unknown[],
    /** URLs the browser stand-in's pages loaded. */
    pageLoads: [] as string[],
    /** Status and body the next requests answer with. */
    nextResponse: { status: 200, body: '' as string },
    reset(): void {
      this.requests = [];
      this.checks = [];
      this.metricSamples = [];
      this.responseCallbacks = [];
      this.pageLoads = [];
      this.nextResponse = { status: 200, body: '' };
    },
  };
}

/**
 * One recorder per jest worker, kept on globalThis: tests load entry scripts with jest.isolateModules, which
 * gives the stand-ins a fresh module registry, and they must still report to the test's recorder.
 */
const holder = globalThis as unknown as { perflensK6Recorder?: ReturnType<typeof newRecorder> };
export const k6Recorder = (holder.perflensK6Recorder ??= newRecorder());
