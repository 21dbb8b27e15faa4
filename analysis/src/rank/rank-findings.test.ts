import type { Finding, Severity } from '../findings/finding';
import { rankFindings } from './rank-findings';

function finding(id: string, score: number, severity: Severity): Finding {
  return {
    id,
    check: id.split('/')[0] as string,
    layer: 'api',
    target: {},
    severity,
    impact: { score, explanation: '' },
    title: id,
    evidence: [],
    recommendations: [],
    links: { runbook: '', dashboard: '' },
    causedBy: [],
  };
}

describe('rankFindings', () => {
  it.each([
    [
      'a higher impact ranks first whatever the severity',
      [finding('a/1', 1, 'critical'), finding('b/1', 5, 'info')],
      ['b/1', 'a/1'],
    ],
    [
      'equal impact: the more severe first',
      [finding('a/1', 2, 'info'), finding('b/1', 2, 'warning')],
      ['b/1', 'a/1'],
    ],
    [
      'equal impact and severity: by id, so runs agree',
      [finding('b/1', 2, 'info'), finding('a/1', 2, 'info')],
      ['a/1', 'b/1'],
    ],
  ])('%s', (_title, findings, expected) => {
    expect(rankFindings(findings).map((f) => f.id)).toEqual(expected);
  });
});
