// Stand-in for `k6/http` in Node tests: records requests and answers with k6Recorder.nextResponse.
import { k6Recorder } from './k6-recorder.ts';

interface Params {
  tags?: Record<string, string>;
  headers?: Record<string, string>;
}

function request(method: string, url: string, body: string | null = null, params: Params = {}) {
  k6Recorder.requests.push({ method, url, body, tags: params.tags ?? {}, headers: params.headers ?? {} });
  return { status: k6Recorder.nextResponse.status, body: k6Recorder.nextResponse.body };
}

const http = {
  request,
  get: (url: string, params?: Params) => request('GET', url, null, params),
  expectedStatuses: (...statuses: unknown[]) => ({ expectedStatuses: statuses }),
  setResponseCallback: (callback: unknown) => {
    k6Recorder.responseCallbacks.push(callback);
  },
};

export default http;
