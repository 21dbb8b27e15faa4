import React from 'react';
import { CHECK_CATALOGUE, type Finding } from '@perflens/analysis/engine';
import { formatEvidenceValue } from '../../shared/evidence-values';
import { testIds } from '../../shared/test-ids';

/** Why the finding ranks where it does: its score, the engine's sentence for it, and the check's rules. */
export function ScoreExplanation({ finding }: { finding: Finding }) {
  const check = CHECK_CATALOGUE.find((c) => c.id === finding.check);
  return (
    <section data-testid={testIds.scoreExplanation} aria-labelledby="perflens-score-heading">
      <h3 id="perflens-score-heading">Impact score {finding.impact.score.toFixed(1)}</h3>
      <p>{finding.impact.explanation}</p>
      {check && (
        <dl>
          <dt>Why it matters</dt>
          <dd>{check.whyItMatters}</dd>
          <dt>How the score is computed</dt>
          <dd>{check.scoring}</dd>
          <dt>Thresholds</dt>
          <dd>{check.thresholds}</dd>
        </dl>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Evidence</th>
            <th scope="col">Value</th>
            <th scope="col">Threshold</th>
          </tr>
        </thead>
        <tbody>
          {finding.evidence.map((e) => (
            <tr key={e.label}>
              <td>{e.label}</td>
              <td>{formatEvidenceValue(e.value, e.unit)}</td>
              <td>
                {e.threshold === undefined ? '–' : formatEvidenceValue(e.threshold, e.unit)}
                {e.thresholdSource ? ` (${e.thresholdSource})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
