import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { AnalysisReport, Finding } from '@perflens/analysis/engine';
import { formatEvidenceValue } from '../shared/evidence-values';
import { FindingsTable } from '../shared/FindingsTable';
import { testIds } from '../shared/test-ids';

interface Props {
  report: AnalysisReport;
  hrefOf: (finding: Finding) => string;
}

const CAPACITY_CHECK = 'load-test.capacity';

/** A k6 run as the engine judged it: its window, SLO breaches and regressions, capacity, and what else broke meanwhile. */
export function LoadTestSummary({ report, hrefOf }: Props) {
  const styles = useStyles2(getStyles);
  const { scope } = report;
  const loadTest = report.findings.filter((f) => f.layer === 'load-test' && f.check !== CAPACITY_CHECK);
  const capacity = report.findings.find((f) => f.check === CAPACITY_CHECK);
  const service = report.findings.filter((f) => f.layer !== 'load-test');
  const start = new Date((scope.endSeconds - scope.rangeSeconds) * 1000);
  const end = new Date(scope.endSeconds * 1000);
  return (
    <div className={styles.summary} data-testid={testIds.loadTestSummary}>
      <p>
        {`Run ${scope.testid} from ${start.toISOString().slice(0, 16).replace('T', ' ')} to ${end
          .toISOString()
          .slice(11, 16)} UTC`}
        {scope.baselineTestid ? `, compared with ${scope.baselineTestid}` : ''}.
      </p>
      <h3>Capacity</h3>
      {capacity ? (
        <div data-testid={testIds.capacity}>
          <p>{capacity.title}</p>
          <ul>
            {capacity.evidence.map((e) => (
              <li key={e.label}>{`${e.label}: ${formatEvidenceValue(e.value, e.unit)}`}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p>No request rate recorded for the service during this run.</p>
      )}
      <h3>Thresholds and baseline</h3>
      <FindingsTable findings={loadTest} hrefOf={hrefOf} emptyText="Within every SLO threshold, and no regression." />
      <h3>Service findings during the run</h3>
      <FindingsTable findings={service} hrefOf={hrefOf} emptyText="No bottleneck during the run." />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  summary: css({
    marginTop: theme.spacing(2),
    h3: { margin: theme.spacing(3, 0, 1) },
    ul: { paddingLeft: theme.spacing(3) },
  }),
});
