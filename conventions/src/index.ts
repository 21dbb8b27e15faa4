// Public surface of @perflens/conventions: each convention that more than one part of Perflens spells is
// written once here. No dependencies and no Node APIs, so the Grafana plugin and k6 bundles import it too.
export * from './metric-names';
export type { MetricDefinition } from './metric-definition';
export * from './buckets';
export * from './recording-rules';
export * from './dashboards';
export * from './routes';
export { parseDuration, promDuration, DurationError } from './durations';
export { quote, selector, leRegex, regexLiteral, promNumber, type Matcher } from './promql';
export {
  quoteIdent,
  qualifiedName,
  indexName,
  createIndexConcurrentlySql,
  dropIndexConcurrentlySql,
  hypotheticalIndexSql,
  type IndexDefinition,
} from './index-ddl';
export { STATEMENT_TEXT_MAX_CHARS, ELISION, elideStatementText, elidedParts } from './statement-text';
export {
  PERFLENS_QUERY_MARKER,
  ADVISOR_PLAN_NAME,
  isPerflensQueryText,
  markPerflensQueries,
} from './query-marker';
