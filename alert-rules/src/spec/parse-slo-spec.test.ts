import path from 'node:path';
import { buildSloModel } from '../model/slo-model';
import { loadSloSpec, parseSloSpec, SloSpecError } from './parse-slo-spec';

const header = 'version: perflens/v1\nservices:\n  - name: api\n';
const availability = '      - {name: ok, kind: availability, description: d, objective: 99.9}\n';

function problems(text: string): readonly string[] {
  try {
    parseSloSpec(text, 'slo.yaml');
  } catch (error) {
    if (error instanceof SloSpecError) return error.problems;
    throw error;
  }
  throw new Error('expected the SLO file to be rejected');
}

describe('SLO file parsing', () => {
  it.each([
    {
      title: 'an unknown version is named',
      text: 'version: v9\nservices: []\n',
      expected: [
        'version: Invalid input: expected "perflens/v1"',
        'services: Too small: expected array to have >=1 items',
      ],
    },
    {
      title: 'a latency threshold that is not a bucket boundary lists the boundaries',
      text: `${header}    slos:\n      - {name: fast, kind: latency, description: d, objective: 99, thresholdSeconds: 0.3}\n`,
      expected: [
        'services[0].slos[0].thresholdSeconds: must be a histogram bucket boundary: one of 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10',
      ],
    },
    {
      title: 'an objective of 100% leaves no error budget',
      text: `${header}    slos:\n      - {name: ok, kind: availability, description: d, objective: 100}\n`,
      expected: ['services[0].slos[0].objective: Too big: expected number to be <100'],
    },
    {
      title: 'a window in hours is refused',
      text: `${header}    slos:\n      - {name: ok, kind: availability, description: d, objective: 99, window: 720h}\n`,
      expected: ['services[0].slos[0].window: must be a whole number of days such as 28d or 30d'],
    },
    {
      title: 'an unknown kind is named',
      text: `${header}    slos:\n      - {name: ok, kind: throughput, description: d, objective: 99}\n`,
      expected: [
        "services[0].slos[0].kind: Invalid discriminator value. Expected 'availability' | 'latency'",
      ],
    },
    {
      title: 'a misspelt field is refused instead of ignored',
      text: `${header}    slos:\n      - {name: ok, kind: availability, description: d, objective: 99, objectve: 9}\n`,
      expected: ['services[0].slos[0]: Unrecognized key: "objectve"'],
    },
    {
      title: 'two SLOs with one name are refused',
      text: `${header}    slos:\n${availability}${availability}`,
      expected: ['services[0].slos[1].name: duplicate SLO name "ok"'],
    },
    {
      title: 'a label the generator sets is refused',
      text: `${header}    labels: {severity: low}\n    slos:\n${availability}`,
      expected: ['services[0].labels.severity: is set by the generator'],
    },
    {
      title: 'a raw URL instead of a route template is refused',
      text: `${header}    slos:\n      - {name: ok, kind: availability, description: d, objective: 99, routes: ["https://x/y"]}\n`,
      expected: ['services[0].slos[0].routes[0]: must be a route template such as /orders/:id'],
    },
    {
      title: 'broken YAML is reported as YAML',
      text: 'version: [\n',
      expected: [expect.stringMatching(/^YAML: /) as unknown as string],
    },
  ])('$title', ({ text, expected }) => {
    expect(problems(text)).toEqual(expected);
  });

  it('names the file in the error message', () => {
    expect(() => parseSloSpec('version: v9\nservices: [x]\n', 'alert-rules/slo.yaml')).toThrow(
      /^alert-rules\/slo\.yaml: invalid SLO file\n {2}- version: /,
    );
  });

  it('normalizes the committed SLO file into ratios with defaults applied', () => {
    const [first, , third] = buildSloModel(loadSloSpec(path.join(__dirname, '../../slo.yaml')));
    expect(first).toEqual({
      id: 'demo-api-availability',
      service: 'demo-api',
      name: 'availability',
      job: 'demo-api',
      kind: 'availability',
      description: 'Requests are answered without a server error (5xx).',
      objectivePercent: 99.9,
      objectiveRatio: 0.999,
      errorBudgetRatio: 0.001,
      window: '30d',
      routes: [],
      labels: { team: 'platform' },
      minRequestRate: 0.1,
    });
    expect(third).toMatchObject({ kind: 'latency', thresholdSeconds: 1, errorBudgetRatio: 0.005 });
  });
});
