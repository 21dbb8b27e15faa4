// `--segment i/n` of the npm runner: the i-th of n equal parts of a test, for running one test from n machines
// (k6 execution segments, the mechanism k6-operator uses for its runner pods). Arrival-rate executors split
// their rate and VUs by segment, so n processes together send the planned load.

/** An equal split into `count` parts, of which this process runs part `index` (1-based). */
export interface SegmentPart {
  index: number;
  count: number;
}

/** Most parts a run is split into: far more machines than a test of this repository needs. */
const MAX_PARTS = 100;

/** Reads `i/n` (1 ≤ i ≤ n ≤ 100), naming the flag and the value when it is anything else. */
export function parseSegment(text: string): SegmentPart {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count || count > MAX_PARTS) {
    throw new Error(
      `--segment "${text}": expected i/n, part i (from 1) of n equal parts (n at most ${MAX_PARTS}), e.g. 1/2`,
    );
  }
  return { index, count };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** `k/n` as k6 writes a rational: reduced, with 0 and 1 bare. */
function fraction(numerator: number, denominator: number): string {
  if (numerator === 0) return '0';
  if (numerator === denominator) return '1';
  const divisor = gcd(numerator, denominator);
  return `${numerator / divisor}/${denominator / divisor}`;
}

/**
 * The k6 flags of one part: its segment and the whole sequence (with it, each process computes its share of
 * the VUs and iterations from the same split, so the shares add up to the whole), plus the run's tags. The tags go in with
 * `--tag` because that is where the `instance_id` tag of a part must go (the same one k6-operator sets on
 * its runners) and `--tag` replaces the script's `options.tags` (testid, test_type) instead of merging with
 * them, so those are repeated here. Without `instance_id` the parts would write the same Prometheus series
 * and overwrite each other's counters.
 */
export function segmentArgs(part: SegmentPart, tags: { testId: string; testType: string }): string[] {
  const bounds = Array.from({ length: part.count + 1 }, (_, k) => fraction(k, part.count));
  return [
    '--execution-segment',
    `${bounds[part.index - 1]}:${bounds[part.index]}`,
    '--execution-segment-sequence',
    bounds.join(','),
    '--tag',
    `testid=${tags.testId}`,
    '--tag',
    `test_type=${tags.testType}`,
    '--tag',
    `instance_id=${part.index}`,
  ];
}

/** Takes `--segment i/n` (or `--segment=i/n`) out of the runner's arguments; the rest go to k6 unchanged. */
export function takeSegmentFlag(args: readonly string[]): { segment?: string; rest: string[] } {
  const rest: string[] = [];
  let segment: string | undefined;
  for (let position = 0; position < args.length; position++) {
    const arg = args[position] as string;
    if (arg === '--segment') {
      segment = args[position + 1];
      if (segment === undefined) throw new Error('--segment needs a value: i/n, e.g. 1/2');
      position++;
    } else if (arg.startsWith('--segment=')) segment = arg.slice('--segment='.length);
    else rest.push(arg);
  }
  return segment === undefined ? { rest } : { segment, rest };
}
