/** data-testid values of the advisor section (browser tests find the parts by them). */
export const advisorTestIds = {
  section: 'perflens-advisor',
  unconfigured: 'perflens-advisor-unconfigured',
  error: 'perflens-advisor-error',
  recommendation: 'perflens-advisor-recommendation',
  applied: 'perflens-advisor-applied',
  measured: 'perflens-advisor-measured',
  audit: 'perflens-advisor-audit',
  readOnly: 'perflens-advisor-read-only',
} as const;
