import React from 'react';
import { Stack, TextLink } from '@grafana/ui';

interface Props {
  dashboardHref: string;
  runbookHref: string;
  exploreHrefs: Array<{ label: string; href: string }>;
}

/** Where to look next: the layer's dashboard, the check's runbook, and each evidence query in Explore. */
export function FindingLinks({ dashboardHref, runbookHref, exploreHrefs }: Props) {
  return (
    <section aria-labelledby="perflens-links-heading">
      <h3 id="perflens-links-heading">Links</h3>
      <Stack direction="row" gap={2} wrap="wrap">
        <TextLink href={dashboardHref} icon="apps" inline={false}>
          Dashboard
        </TextLink>
        <TextLink href={runbookHref} external inline={false}>
          Runbook
        </TextLink>
        {exploreHrefs.map(({ label, href }) => (
          <TextLink key={label} href={href} icon="compass" inline={false}>
            {`Explore: ${label}`}
          </TextLink>
        ))}
      </Stack>
    </section>
  );
}
