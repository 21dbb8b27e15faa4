import { parseSloOverrides } from './slo-overrides';

const objective = {
  id: 'demo-api-latency',
  job: 'demo-api',
  kind: 'latency',
  routes: [],
  objectiveRatio: 0.99,
  thresholdSeconds: 0.25,
  pageBurnRate: 14.4,
};

describe('SLO overrides', () => {
  it('accepts objectives and threshold overrides the engine validates', () => {
    const text = JSON.stringify({ sloObjectives: [objective], thresholds: { api: { latencyThresholdSeconds: 0.25 } } });
    expect(parseSloOverrides(text, 'demo-api')).toEqual({
      sloObjectives: [objective],
      thresholds: { api: { latencyThresholdSeconds: 0.25 } },
    });
  });

  it('treats an empty field as no override', () => {
    expect(parseSloOverrides('  ', 'demo-api')).toEqual({});
  });

  it.each([
    ['text that is not JSON', '{', 'SLO overrides: not JSON'],
    [
      'an unknown top-level field',
      '{"slos": []}',
      'SLO overrides: slos: unknown field; expected sloObjectives or thresholds',
    ],
    [
      'an objective without a job',
      '{"sloObjectives": [{"id": "x", "objectiveRatio": 0.99}]}',
      'SLO overrides: sloObjectives[0]: needs an id and a job',
    ],
    [
      'an objective ratio of 99 instead of 0.99',
      JSON.stringify({ sloObjectives: [{ ...objective, objectiveRatio: 99 }] }),
      'SLO overrides: sloObjectives[0].objectiveRatio: must be between 0 and 1',
    ],
    [
      'an unknown threshold',
      '{"thresholds": {"api": {"latency": 1}}}',
      'SLO overrides: api.latency: unknown threshold',
    ],
    [
      'a negative threshold',
      '{"thresholds": {"api": {"latencyThresholdSeconds": -1}}}',
      'SLO overrides: api.latencyThresholdSeconds: must be a non-negative number, got -1',
    ],
  ])('names the field of %s', (_title, text, message) => {
    expect(() => parseSloOverrides(text, 'demo-api')).toThrow(message);
  });
});
