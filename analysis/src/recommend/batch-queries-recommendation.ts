import { elidedParts } from '@perflens/conventions';
import type { Recommendation } from '../findings/finding';
import { formatNumber, formatSeconds } from '../findings/format-values';
import type { BatchQueries } from '../findings/recommendation-spec';

// `column = $n` in a WHERE clause: the per-item filter an N+1 loop repeats with one id at a time.
const PER_ITEM_FILTER = /([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?|"(?:[^"]|"")+")\s*=\s*\$(\d+)/g;

/**
 * The service's own repeated statement with its one per-item filter made set-based (`= ANY($n)`), or
 * undefined when the text does not show exactly one such filter (or was cut at the label limit).
 */
export function setBasedStatement(query: string): string | undefined {
  if (elidedParts(query)) return undefined;
  const filters = [...query.matchAll(PER_ITEM_FILTER)];
  if (filters.length !== 1) return undefined;
  // A function replacement, so the text's own `$1` is not read as a replacement pattern.
  return query.replace(PER_ITEM_FILTER, (_all, column: string, n: string) => `${column} = ANY($${n})`);
}

/** One or two set-based queries replace the per-item ones, shown on the route's own statement when known. */
export function batchQueriesRecommendation(spec: BatchQueries): Recommendation {
  const saving =
    spec.secondsPerQuery !== undefined
      ? `, saving up to ${formatSeconds(spec.secondsPerQuery * (spec.queriesPerRequest - 2))} per request`
      : '';
  const repeated = spec.repeated;
  const setBased = repeated?.query !== undefined ? setBasedStatement(repeated.query) : undefined;
  const sql = !repeated?.query
    ? undefined
    : `-- ${spec.method} ${spec.route} runs this ${formatNumber(repeated.callsPerRequest)} times per request:\n-- ${repeated.query}\n${
        setBased
          ? `-- one query for all items instead: pass the ids as one array, and select the id column to group the rows\n${setBased};`
          : '-- one query for all items instead: filter on the list of ids (= ANY($1)) or JOIN the parent query'
      }`;
  return {
    action: `Replace the per-item queries${repeated?.query ? ' (the statement below)' : ''} with one set-based query (JOIN, or WHERE parent_id = ANY($1) with the list of ids), or batch them with a DataLoader.`,
    expectedEffect: `About ${formatNumber(spec.queriesPerRequest)} round trips become 1–2 per request${saving}.`,
    effort: 'medium',
    ...(sql !== undefined ? { sql } : {}),
  };
}
