import { z } from 'zod';
import { MAX_PAGE_URL_LENGTH, MAX_SAMPLES_PER_BEACON, parseBeacon } from './beacon-parser';
import { WEB_VITAL_NAMES, WEB_VITAL_SPECS, type WebVitalName } from './web-vital-names';
import { hostileRequests, seededRandom } from '../../test/rum/hostile-beacons';

// parseBeacon is hand-written (beacon-parser.ts says why). This is the same contract written as the zod
// schemas the rest of Perflens would use; on every body below both must accept and reject the same things.
// The parser's one extra rule, JSON nested deeper than MAX_JSON_DEPTH, has its own tests in beacon-parser.test.ts;
// no body here nests that deep inside an envelope zod would accept.
const sampleSchema = z
  .object({
    name: z.enum(WEB_VITAL_NAMES),
    value: z.number(), // zod 4 refuses NaN and ±Infinity
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/),
  })
  .refine((s) => s.value >= 0 && s.value <= WEB_VITAL_SPECS[s.name].maxValue);
const envelopeSchema = z.object({
  page: z.string().min(1).max(MAX_PAGE_URL_LENGTH),
  metrics: z.array(z.unknown()).min(1).max(MAX_SAMPLES_PER_BEACON),
});

/** What zod makes of a body: refused whole, or the samples it accepts and how many it rejects. */
function viaZod(
  body: string,
): { ok: false } | { ok: true; page: string; accepted: unknown[]; rejected: number } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false };
  const accepted: unknown[] = [];
  let rejected = 0;
  for (const item of envelope.data.metrics) {
    const sample = sampleSchema.safeParse(item);
    if (sample.success) accepted.push(sample.data);
    else rejected++;
  }
  return { ok: true, page: envelope.data.page, accepted, rejected };
}

function viaParser(body: string): ReturnType<typeof viaZod> {
  const parsed = parseBeacon(body);
  if (!parsed.ok) return { ok: false };
  return { ok: true, page: parsed.page, accepted: parsed.samples, rejected: parsed.rejected.length };
}

/** Samples at and around every boundary the contract has, in every field. */
function edgeBodies(count: number): string[] {
  const random = seededRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const names: unknown[] = [
    ...WEB_VITAL_NAMES,
    'FID',
    'lcp',
    '',
    'LCP ',
    'constructor',
    '__proto__',
    1,
    null,
  ];
  const valueFor = (name: unknown): unknown => {
    const max = WEB_VITAL_SPECS[name as WebVitalName]?.maxValue ?? 120_000;
    return pick([
      0,
      -0,
      -1e-9,
      1,
      max,
      max + 1e-6,
      max * 2,
      1e308,
      -1,
      '1',
      null,
      true,
      [],
      {},
      0.1,
      max - 1,
    ]);
  };
  const ids: unknown[] = [
    'v5-1',
    'a'.repeat(128),
    'a'.repeat(129),
    '',
    'a b',
    'é',
    'x:y.z_1-2',
    '<b>',
    7,
    null,
  ];
  const sample = (): unknown => {
    const name = pick(names);
    const fields: Record<string, unknown> = { name, value: valueFor(name), id: pick(ids) };
    if (random() < 0.1) delete fields[pick(['name', 'value', 'id'])];
    if (random() < 0.1) fields.extra = 'ignored';
    return random() < 0.05 ? pick([null, 42, 'LCP', [fields]]) : fields;
  };
  const pages: unknown[] = ['/', '', 'x'.repeat(2048), 'x'.repeat(2049), 'https://shop.example/a?b', 5, null];
  return Array.from({ length: count }, () => {
    const length = pick([0, 1, 2, 5, 19, 20, 21]);
    const metrics = random() < 0.05 ? pick([{}, 'LCP', null]) : Array.from({ length }, sample);
    const envelope: Record<string, unknown> = { page: pick(pages), metrics };
    if (random() < 0.05) delete envelope[pick(['page', 'metrics'])];
    return random() < 0.03 ? JSON.stringify([envelope]) : JSON.stringify(envelope);
  });
}

describe('parseBeacon against the zod form of the same contract', () => {
  const hostile = hostileRequests(1000, 11)
    .map((r) => r.body)
    .filter((b): b is string => typeof b === 'string');

  it.each([
    ['3,000 boundary beacons', edgeBodies(3000)],
    ['1,000 of the fuzz test’s hostile beacons', hostile],
  ])('accepts and rejects exactly what zod does on %s', (_title, bodies) => {
    const disagreements = bodies.filter(
      (body) => JSON.stringify(viaParser(body)) !== JSON.stringify(viaZod(body)),
    );
    expect(disagreements.slice(0, 3)).toEqual([]);
    // The sets are not trivially all-accepted or all-refused.
    const outcomes = new Set(bodies.map((b) => JSON.stringify(viaZod(b)).slice(0, 10)));
    expect(outcomes.size).toBeGreaterThan(1);
  });
});
