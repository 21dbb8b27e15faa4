import { createHash } from 'node:crypto';
import { collapseStatement, normalizeSql, statementLabelText } from './sql-normalize';
import { summarizeSql } from './sql-summary';

/** What the instrumentation knows of one statement text, computed once per distinct text. */
export interface PgStatement {
  /** db_operation_name and db_collection_name of db_client_operation_duration_seconds. */
  readonly operation: string;
  readonly collection: string;
  /**
   * First 16 hex digits of the SHA-1 of the collapsed normalized text (comments removed, whitespace
   * collapsed): the db_statement_fingerprint label.
   */
  readonly fingerprint: string;
  /** The normalized text as labels carry it (comments removed, whitespace collapsed, 200 characters). */
  readonly labelText: string;
}

/** Distinct texts kept: parameterized services have tens; the bound is for those that inline literals. */
const DEFAULT_LIMIT = 2000;

/**
 * Statements by their text, in a bounded least-recently-used cache. Two generations approximate LRU:
 * a hit in the current generation costs one Map lookup (no reordering per query), a hit in the previous
 * one moves the text forward, and when the current generation is full it becomes the previous one and
 * the texts not used since are dropped. Normalizing, summarizing and hashing run on misses only.
 */
export class StatementCache {
  private current = new Map<string, PgStatement>();
  private previous = new Map<string, PgStatement>();
  private readonly generationSize: number;

  constructor(limit = DEFAULT_LIMIT) {
    this.generationSize = Math.max(1, Math.floor(limit / 2));
  }

  of(text: string): PgStatement {
    const known = this.current.get(text);
    if (known !== undefined) return known;
    const statement = this.previous.get(text) ?? describeStatement(text);
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(text, statement);
    return statement;
  }

  /** Texts held (both generations; a text may be in both). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

export function describeStatement(text: string): PgStatement {
  const { operation, collection } = summarizeSql(text);
  const collapsed = collapseStatement(normalizeSql(text));
  return {
    operation,
    collection,
    fingerprint: fingerprintOf(collapsed),
    labelText: statementLabelText(collapsed),
  };
}

/** The db_statement_fingerprint of a collapsed normalized text. */
export function fingerprintOf(collapsed: string): string {
  return createHash('sha1').update(collapsed).digest('hex').slice(0, 16);
}
