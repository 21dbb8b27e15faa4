// Stand-in for the remote jslib k6-summary module in Node tests: a fixed, recognizable text.
export function textSummary(data: { metrics: Record<string, unknown> }): string {
  return `text summary of ${Object.keys(data.metrics).length} metrics`;
}
