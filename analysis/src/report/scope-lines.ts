import type { ScopeReport } from '../sources/analysis-scope';

/** One named fact of the scope, as every format prints it: `databases` → `shop (…why…)`. */
export interface ScopeFact {
  name: 'job' | 'SLO file' | 'databases' | 'hosts' | 'RUM exporters';
  value: string;
}

/** The job with its instances, the SLO file, the databases, hosts and RUM exporters the analysis used, and why. */
export function scopeFacts(scope: ScopeReport): ScopeFact[] {
  const instances =
    scope.instances.length === 0
      ? 'no series in the range'
      : `${scope.instances.length} instance${scope.instances.length > 1 ? 's' : ''}: ${scope.instances.join(', ')}`;
  return [
    { name: 'job', value: `${scope.job} (${instances})` },
    ...(scope.slo ? [{ name: 'SLO file' as const, value: scope.slo.note }] : []),
    { name: 'databases', value: scope.databases.note },
    { name: 'hosts', value: scope.hosts.note },
    ...(scope.rumExporters ? [{ name: 'RUM exporters' as const, value: scope.rumExporters.note }] : []),
  ];
}

/** Plain-text lines: `Scope:` with one indented line per fact, then each warning. */
export function scopeTextLines(scope: ScopeReport | undefined): string[] {
  if (!scope) return [];
  return [
    'Scope:',
    ...scopeFacts(scope).map((fact) => `  ${fact.name}: ${fact.value}`),
    ...scope.warnings.map((warning) => `Warning: ${warning}`),
  ];
}
