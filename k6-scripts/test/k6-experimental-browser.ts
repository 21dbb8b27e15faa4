// Stand-in for `k6/experimental/browser` in Node tests: pages record the URLs they load and answer 200.
import { k6Recorder } from './k6-recorder.ts';

export const browser = {
  async newPage() {
    return {
      async goto(url: string) {
        k6Recorder.pageLoads.push(url);
        return { status: () => 200 };
      },
      async close() {},
    };
  },
};
