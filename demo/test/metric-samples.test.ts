import { sumSamples } from './metric-samples';

const text = `# HELP x demo
x_count{route="/a",code="200"} 3
x_count{route="/a",code="500"} 2
x_count{route="/b",code="200"} 7
x_count_extra{route="/a"} 100
y 4.5
`;

describe('sumSamples', () => {
  it.each([
    ['sums every series of a metric', 'x_count', {}, 12],
    ['keeps only series with the given labels', 'x_count', { route: '/a' }, 5],
    ['matches several labels at once', 'x_count', { route: '/a', code: '500' }, 2],
    ['reads a series without labels', 'y', {}, 4.5],
    ['is zero for a metric that is absent', 'z', {}, 0],
  ])('%s', (_title, name, labels, expected) => {
    expect(sumSamples(text, name, labels)).toBe(expected);
  });
});
