import React from 'react';
import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import type { Severity } from '@perflens/analysis/engine';

const LOOK: Record<Severity, { color: BadgeColor; icon: IconName }> = {
  critical: { color: 'red', icon: 'exclamation-circle' },
  warning: { color: 'orange', icon: 'exclamation-triangle' },
  info: { color: 'blue', icon: 'info-circle' },
};

/** A finding's severity as a coloured badge with its name (colour alone would not reach every reader). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge text={severity} color={LOOK[severity].color} icon={LOOK[severity].icon} />;
}
