import { checkedFinding } from '../../test/fixtures/checked-findings';
import { missingIndexEvidence, thresholds } from '../../test/fixtures/in-memory-evidence';
import type { CheckedFinding } from '../findings/finding';
import { attributeCauses } from '../rank/attribute-causes';
import { type AnalysisEvidence, runChecks } from './check-catalogue';
import { takeWorseJudgement } from './judge-recent-window';

const WINDOW = 'last 5m of 30m';
const withEvidence = (f: CheckedFinding): CheckedFinding => ({
  ...f,
  evidence: [{ label: 'share', query: 'q', value: 1, unit: 'ratio' }],
});
const statement = (score: number, severity: CheckedFinding['severity'] = 'warning') =>
  withEvidence(
    checkedFinding('postgres.top-time-statements', { datname: 'shop', queryid: '1' }, score, severity),
  );

describe('takeWorseJudgement', () => {
  it('keeps the whole range’s judgement when the recent window is no worse', () => {
    const whole = statement(10);
    expect(takeWorseJudgement([whole], [statement(8)], WINDOW)).toEqual([whole]);
    expect(takeWorseJudgement([whole], [statement(10)], WINDOW)).toEqual([whole]);
  });

  it('takes the recent window’s when it is more severe or larger, and says so in the evidence', () => {
    const [merged] = takeWorseJudgement([statement(20)], [statement(5, 'critical')], WINDOW);
    expect(merged).toMatchObject({ severity: 'critical', ownImpact: { score: 5 } });
    expect(merged?.evidence.map((e) => e.label)).toEqual(['share (last 5m of 30m)']);
    expect(takeWorseJudgement([statement(2)], [statement(9)], WINDOW)[0]?.ownImpact.score).toBe(9);
  });

  it('adds what only the recent window saw, and ignores checks averaging does not dilute', () => {
    const lockWaits = checkedFinding('postgres.lock-waits', { datname: 'shop' }, 5);
    expect(takeWorseJudgement([], [statement(3), lockWaits], WINDOW).map((f) => f.id)).toEqual([
      statement(3).id,
    ]);
  });
});

describe('a missing index that began in the recent window', () => {
  // Over the whole range the statement read 100 blocks a call (a tenth of orders' 4,000 for the index
  // look-ups before the change, diluted), over the recent window 4,000: it reads the table whole.
  const evidence: AnalysisEvidence = {
    ...missingIndexEvidence(100),
    recent: { rangeSeconds: 300, postgres: missingIndexEvidence(4000).postgres },
  };

  it('links the statement to the table it now scans, and names it in the index recommendation', () => {
    const linked = attributeCauses(runChecks(evidence, thresholds()), evidence);
    const byCheck = (check: string) => linked.find((f) => f.check === check);
    expect(byCheck('postgres.top-time-statements')?.causedBy).toEqual([
      byCheck('postgres.sequential-scans')?.id,
    ]);
    expect(byCheck('postgres.sequential-scans')?.recommendations).toEqual([
      expect.objectContaining({ kind: 'create-index', readBy: ['111'] }),
    ]);
  });

  it('does not link them on the whole range alone', () => {
    const wholeOnly = missingIndexEvidence(100);
    const linked = attributeCauses(runChecks(wholeOnly, thresholds()), wholeOnly);
    expect(linked.find((f) => f.check === 'postgres.top-time-statements')?.causedBy).toEqual([]);
  });
});
