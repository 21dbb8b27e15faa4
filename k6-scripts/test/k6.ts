// Stand-in for the `k6` module in Node tests: `check` evaluates and records each named condition.
import { k6Recorder } from './k6-recorder.ts';

export function check<T>(
  value: T,
  sets: Record<string, (value: T) => boolean>,
  tags: Record<string, string> = {},
): boolean {
  let all = true;
  for (const [name, condition] of Object.entries(sets)) {
    const ok = condition(value);
    k6Recorder.checks.push({ name, ok, tags });
    all = all && ok;
  }
  return all;
}

export function sleep(): void {}
