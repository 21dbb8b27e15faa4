import type { Finding } from '@perflens/analysis/engine';
import { exampleFinding } from '../shared/finding-examples';
import { filterFindings } from './BottlenecksScene';

const findings: Finding[] = [
  exampleFinding({ id: 'a', layer: 'api', severity: 'critical' }),
  exampleFinding({ id: 'b', layer: 'postgres', severity: 'warning' }),
  exampleFinding({ id: 'c', layer: 'api', severity: 'info' }),
  exampleFinding({ id: 'd', layer: 'host', severity: 'critical' }),
];

describe('filterFindings', () => {
  it.each([
    ['no filter keeps every finding in rank order', { layers: [], minSeverity: 'info' as const }, ['a', 'b', 'c', 'd']],
    ['a layer keeps only that layer', { layers: ['api' as const], minSeverity: 'info' as const }, ['a', 'c']],
    ['warning and up drops info', { layers: [], minSeverity: 'warning' as const }, ['a', 'b', 'd']],
    [
      'critical only, on two layers',
      { layers: ['api' as const, 'postgres' as const], minSeverity: 'critical' as const },
      ['a'],
    ],
    ['a layer without findings leaves nothing', { layers: ['frontend' as const], minSeverity: 'info' as const }, []],
  ])('%s', (_title, filters, ids) => {
    expect(filterFindings(findings, filters).map((f) => f.id)).toEqual(ids);
  });
});
