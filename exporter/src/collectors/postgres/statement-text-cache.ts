import type { Client } from 'pg';
import { isPerflensQueryText } from '@perflens/conventions';
import type { StatementText } from './postgres-snapshot';
import { safeStatementText, statementTextSql } from './statement-text';

/** Texts remembered per database before the cache starts over (a queryid's text never changes). */
const MAX_CACHED = 10_000;

/**
 * The exportable text of each queryid, read from pg_stat_statements once and then remembered:
 * pg_stat_statements(true) reads the whole query-text file, so a scrape reads it only when a statement
 * it has not seen before is exported. A text that is not safe to export is remembered as null, and
 * whether it is one of Perflens's own queries (conventions/query-marker.ts) with it; a queryid
 * pg_stat_statements does not know yet (a statement still running) is asked again next time.
 */
export class StatementTextCache {
  private readonly texts = new Map<string, { text: string | null; own: boolean }>();

  async read(client: Client, schema: string, queryids: Iterable<string>): Promise<StatementText[]> {
    const wanted = await this.load(client, schema, queryids);
    return wanted.flatMap((queryid) => {
      const text = this.texts.get(queryid)?.text;
      return typeof text === 'string' ? [{ queryid, query: text }] : [];
    });
  }

  /** The queryids among `queryids` whose text marks them as Perflens's own queries. */
  async ownStatements(client: Client, schema: string, queryids: Iterable<string>): Promise<Set<string>> {
    const wanted = await this.load(client, schema, queryids);
    return new Set(wanted.filter((queryid) => this.texts.get(queryid)?.own === true));
  }

  /** Reads the texts of the queryids not remembered yet; returns the well-formed queryids asked for. */
  private async load(client: Client, schema: string, queryids: Iterable<string>): Promise<string[]> {
    const wanted = [...new Set(queryids)].filter((id) => /^-?\d+$/.test(id) && id !== '0');
    const missing = wanted.filter((id) => !this.texts.has(id));
    if (missing.length > 0) {
      const result = await client.query<{ queryid: string; query: string }>(
        statementTextSql(client.escapeIdentifier(schema)),
        [missing],
      );
      if (this.texts.size + result.rows.length > MAX_CACHED) this.texts.clear();
      for (const { queryid, query } of result.rows)
        this.texts.set(queryid, { text: safeStatementText(query) ?? null, own: isPerflensQueryText(query) });
    }
    return wanted;
  }
}
