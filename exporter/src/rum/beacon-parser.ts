import { WEB_VITAL_NAMES, WEB_VITAL_SPECS, type WebVitalName } from './web-vital-names';

/** Why a beacon or one of its samples was refused; the values of the `reason` label. */
export type SampleRejection = 'unknown_name' | 'invalid_value' | 'out_of_range' | 'invalid_id';
export type BeaconRejection = 'invalid_json' | 'invalid_payload' | 'too_many_samples';

export const MAX_SAMPLES_PER_BEACON = 20;
export const MAX_PAGE_URL_LENGTH = 2048;
/**
 * A beacon nests three levels (envelope, metrics, sample). JSON.parse takes milliseconds on a 64 KiB body
 * of nested brackets (2.8 ms for 20,000 levels, measured: seven times a flat body of the same size), so
 * such bodies are refused before parsing; the scan below stops as soon as it is past the limit.
 */
export const MAX_JSON_DEPTH = 16;
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export interface Sample {
  name: WebVitalName;
  /** In the beacon's unit: milliseconds, or unitless for CLS. */
  value: number;
  id: string;
}

export type ParsedBeacon =
  | { ok: true; page: string; samples: Sample[]; rejected: SampleRejection[] }
  | { ok: false; reason: BeaconRejection; message: string };

/**
 * Parses and validates a beacon body: `{"page": "<url>", "metrics": [{"name", "value", "id"}, ...]}`.
 * Everything in it is untrusted. The envelope must be exactly right or the whole beacon is refused;
 * inside it each sample is judged alone, so one bad value does not lose the good ones beside it.
 *
 * Hand-written rather than zod (which Perflens uses for config): this runs for every beacon on a public
 * endpoint that aims at 10,000 beacons/s on one core, and each refusal needs its own counted reason
 * (unknown_name, out_of_range, …) where zod would give an issue list to map back. It allocates nothing
 * per field. beacon-parser.zod-equivalence.test.ts holds it to the zod form of the same contract.
 */
export function parseBeacon(body: string): ParsedBeacon {
  if (nestedDeeperThan(body, MAX_JSON_DEPTH)) {
    return invalid(`JSON may nest at most ${MAX_JSON_DEPTH} levels deep`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'invalid_json', message: 'body is not valid JSON' };
  }
  if (!isPlainObject(json)) return invalid('body must be a JSON object');
  const { page, metrics } = json;
  if (typeof page !== 'string' || page.length === 0 || page.length > MAX_PAGE_URL_LENGTH) {
    return invalid(`"page" must be a string of 1 to ${MAX_PAGE_URL_LENGTH} characters`);
  }
  if (!Array.isArray(metrics) || metrics.length === 0) return invalid('"metrics" must be a non-empty array');
  if (metrics.length > MAX_SAMPLES_PER_BEACON) {
    return {
      ok: false,
      reason: 'too_many_samples',
      message: `"metrics" may hold at most ${MAX_SAMPLES_PER_BEACON} samples`,
    };
  }
  const samples: Sample[] = [];
  const rejected: SampleRejection[] = [];
  for (const item of metrics) {
    const result = parseSample(item);
    if (typeof result === 'string') rejected.push(result);
    else samples.push(result);
  }
  return { ok: true, page, samples, rejected };
}

function parseSample(item: unknown): Sample | SampleRejection {
  if (!isPlainObject(item)) return 'invalid_value';
  const { name, value, id } = item;
  if (typeof name !== 'string' || !(WEB_VITAL_NAMES as readonly string[]).includes(name))
    return 'unknown_name';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'invalid_value';
  if (value < 0 || value > WEB_VITAL_SPECS[name as WebVitalName].maxValue) return 'out_of_range';
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return 'invalid_id';
  return { name: name as WebVitalName, value, id };
}

function invalid(message: string): ParsedBeacon {
  return { ok: false, reason: 'invalid_payload', message };
}

/** A JSON object that is not an array (JSON.parse never yields prototypes other than Object's). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the JSON text opens more than `limit` arrays or objects inside each other (strings skipped). */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}
