// Stand-in for `k6/metrics` in Node tests: custom metrics record their samples.
import { k6Recorder } from './k6-recorder.ts';

class RecordingMetric {
  constructor(readonly name: string) {}

  add(value: number): void {
    k6Recorder.metricSamples.push({ metric: this.name, value });
  }
}

export class Gauge extends RecordingMetric {}
export class Counter extends RecordingMetric {}
export class Rate extends RecordingMetric {}
export class Trend extends RecordingMetric {}
