import path from 'node:path';
import { parseSegment, segmentArgs, takeSegmentFlag } from './execution-segment.ts';
import { k6Invocation } from './run-k6.ts';

const now = new Date('2026-03-04T05:06:07.890Z');

describe('--segment i/n', () => {
  it.each([
    { text: '1/2', segment: '0:1/2', sequence: '0,1/2,1' },
    { text: '2/2', segment: '1/2:1', sequence: '0,1/2,1' },
    { text: '2/4', segment: '1/4:1/2', sequence: '0,1/4,1/2,3/4,1' },
    { text: '1/1', segment: '0:1', sequence: '0,1' },
  ])('$text runs segment $segment of the sequence $sequence', ({ text, segment, sequence }) => {
    const args = segmentArgs(parseSegment(text), { testId: 'load-1', testType: 'average-load' });
    expect(args).toEqual([
      '--execution-segment',
      segment,
      '--execution-segment-sequence',
      sequence,
      '--tag',
      'testid=load-1',
      '--tag',
      'test_type=average-load',
      '--tag',
      `instance_id=${text.split('/')[0]}`,
    ]);
  });

  it.each(['0/2', '3/2', '1/0', 'half', '1/101', '-1/2'])('rejects "%s", naming the flag', (text) => {
    expect(() => parseSegment(text)).toThrow(`--segment "${text}": expected i/n`);
  });

  it('is taken out of the arguments in both spellings; the rest go to k6', () => {
    expect(takeSegmentFlag(['--quiet', '--segment', '1/2', '--vus', '3'])).toEqual({
      segment: '1/2',
      rest: ['--quiet', '--vus', '3'],
    });
    expect(takeSegmentFlag(['--segment=2/2'])).toEqual({ segment: '2/2', rest: [] });
    expect(takeSegmentFlag(['--quiet'])).toEqual({ rest: ['--quiet'] });
    expect(() => takeSegmentFlag(['--segment'])).toThrow('--segment needs a value');
  });

  it('puts the segment flags before the script, with the run’s testid as a tag', () => {
    const run = k6Invocation({
      testType: 'average-load',
      version: [1, 0, 0],
      env: { TESTID: 'fleet-1' },
      now,
      segment: '2/2',
    });
    expect(run.args.slice(5)).toEqual([
      '--execution-segment',
      '1/2:1',
      '--execution-segment-sequence',
      '0,1/2,1',
      '--tag',
      'testid=fleet-1',
      '--tag',
      'test_type=average-load',
      '--tag',
      'instance_id=2',
      path.join(path.resolve(__dirname, '..'), 'src', 'average-load.ts'),
    ]);
  });
});
