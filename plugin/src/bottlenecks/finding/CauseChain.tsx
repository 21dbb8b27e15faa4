import React from 'react';
import { TextLink } from '@grafana/ui';
import type { Finding } from '@perflens/analysis/engine';
import { LAYER_NAMES } from '../../shared/layer-names';
import { testIds } from '../../shared/test-ids';

interface Props {
  finding: Finding;
  findings: readonly Finding[];
  hrefOf: (findingId: string) => string;
}

/** The findings this one is caused by (down the layers) and the ones it explains (up), as the engine linked them. */
export function CauseChain({ finding, findings, hrefOf }: Props) {
  const causes = finding.causedBy
    .map((id) => findings.find((f) => f.id === id))
    .filter((f): f is Finding => f !== undefined);
  const effects = findings.filter((f) => f.causedBy.includes(finding.id));
  if (causes.length === 0 && effects.length === 0) {
    return (
      <section data-testid={testIds.causeChain}>
        <h3>Cause chain</h3>
        <p>No other finding explains this one or is explained by it.</p>
      </section>
    );
  }
  const item = (f: Finding) => (
    <li key={f.id}>
      {LAYER_NAMES[f.layer]}:{' '}
      <TextLink href={hrefOf(f.id)} inline>
        {f.title}
      </TextLink>
    </li>
  );
  return (
    <section data-testid={testIds.causeChain}>
      <h3>Cause chain</h3>
      {effects.length > 0 && (
        <>
          <h4>Explains</h4>
          <ul>{effects.map(item)}</ul>
        </>
      )}
      {causes.length > 0 && (
        <>
          <h4>Caused by</h4>
          <ul>{causes.map(item)}</ul>
        </>
      )}
    </section>
  );
}
