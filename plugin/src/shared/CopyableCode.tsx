import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, useStyles2 } from '@grafana/ui';

interface Props {
  label: string;
  code: string;
  testId?: string;
}

/** SQL or configuration ready to paste, with a copy button. */
export function CopyableCode({ label, code, testId }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <figure className={styles.figure}>
      <figcaption className={styles.caption}>
        <span>{label}</span>
        <ClipboardButton icon="copy" size="sm" variant="secondary" getText={() => code} aria-label={`Copy ${label}`}>
          Copy
        </ClipboardButton>
      </figcaption>
      <pre className={styles.code} data-testid={testId}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: theme.spacing(1, 0) }),
  caption: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    color: theme.colors.text.secondary,
    marginBottom: theme.spacing(0.5),
  }),
  code: css({ whiteSpace: 'pre-wrap', margin: 0 }),
});
