/**
 * Metric names a PromQL expression reads. A small scanner, not a parser: it skips string literals, label
 * matchers, ranges, numbers, function calls and the label lists of by/without/on/ignoring/group_*,
 * and keeps the remaining identifiers. Good enough for rule files, which are reviewed and promtool-checked.
 */
const TOKENS =
  /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\{(?:"(?:[^"\\]|\\.)*"|[^}"])*\}|\[[^\]]*\]|\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g;

const KEYWORDS = new Set([
  ...['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'Inf', 'NaN'],
  // Aggregation operators, which may be followed by `by (...)` instead of `(`.
  ...[
    'sum',
    'min',
    'max',
    'avg',
    'group',
    'stddev',
    'stdvar',
    'count',
    'count_values',
    'bottomk',
    'topk',
    'quantile',
  ],
]);

export function promqlMetricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const match of expr.matchAll(TOKENS)) {
    const [, identifier, call] = match;
    if (identifier && !call && !KEYWORDS.has(identifier)) names.add(identifier);
  }
  return [...names].sort();
}
