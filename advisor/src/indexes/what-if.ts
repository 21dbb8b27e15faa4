import type { ClientBase } from 'pg';
import { hypotheticalIndexSql } from '@perflens/conventions';
import { candidateKey, type IndexCandidate } from './candidate-indexes';
import { explainGenericPlan } from '../statements/generic-plan';
import type { StatementStats } from '../statements/statements-source';

/** A statement the workload pass plans again and again, with what the per-statement pass learned. */
export interface WorkloadStatement {
  stats: StatementStats;
  paramCount: number;
  /** The quoted role it is planned as (hypopg-validation.ts chose it). */
  role: string;
  /** Planner cost with no hypothetical index. */
  costBefore: number;
  /** Its cost with the index the per-statement pass chose for it alone (costBefore when none). */
  bestCost: number;
  /** Columns it filters, joins or sorts on, by table oid: an index whose first key it never mentions cannot serve it. */
  columns: ReadonlyMap<number, ReadonlySet<string>>;
  /** Every column it reads, by table oid (rich-predicates.ts); absent for a table it reads with `*`. */
  reads: ReadonlyMap<number, ReadonlySet<string>>;
  /** `reads` without the columns only its parameter-free conditions read: what a partial index must cover. */
  readsBesideConditions: ReadonlyMap<number, ReadonlySet<string>>;
}

/** A hypothetical index as hypopg made it: its generated name and estimated size. */
export interface Hypothetical {
  candidate: IndexCandidate;
  name: string;
  sizeBytes: number;
}

/** Replaces every hypothetical index of this session with `candidates` and returns them by hypopg's name. */
export async function useConfiguration(
  client: ClientBase,
  candidates: readonly IndexCandidate[],
): Promise<Map<string, Hypothetical>> {
  await client.query('SELECT hypopg_reset()');
  const unique = [...new Map(candidates.map((c) => [candidateKey(c), c])).values()];
  const made = new Map<string, Hypothetical>();
  if (unique.length === 0) return made;
  const created = await client.query<{ indexname: string; size: string }>(
    `SELECT h.indexname, hypopg_relation_size(h.indexrelid)::text AS size
     FROM unnest($1::text[]) WITH ORDINALITY AS d(sql, ord), hypopg_create_index(d.sql) AS h ORDER BY d.ord`,
    [unique.map(hypotheticalSql)],
  );
  unique.forEach((candidate, i) => {
    const row = created.rows[i];
    if (row) made.set(row.indexname, { candidate, name: row.indexname, sizeBytes: Number(row.size) });
  });
  return made;
}

/** The CREATE INDEX text hypopg takes for a candidate. */
export function hypotheticalSql(candidate: IndexCandidate): string {
  const { table } = candidate;
  return hypotheticalIndexSql({
    schema: table.schema,
    table: table.name,
    columns: candidate.columns,
    include: candidate.include,
    where: candidate.where,
  });
}

/** One statement's cost under the current configuration and the hypothetical indexes its plan uses. */
export interface WhatIfCost {
  cost: number;
  uses: string[];
}

/**
 * Plans `statement` under the session's current hypothetical indexes. A statement that fails to plan
 * keeps its cost without them (the failure is counted by the caller, not fatal: the what-if pass only
 * ever lowers costs).
 */
export async function whatIfCost(
  client: ClientBase,
  statement: WorkloadStatement,
  configuration: ReadonlyMap<string, Hypothetical>,
  timeoutMs: number,
): Promise<WhatIfCost | undefined> {
  try {
    const plan = await explainGenericPlan(client, statement.stats.query, statement.paramCount, {
      role: statement.role,
      timeoutMs,
    });
    return { cost: plan.totalCost, uses: plan.indexNames.filter((name) => configuration.has(name)) };
  } catch {
    return undefined;
  }
}

/** True when `statement` mentions the first key column of `candidate`: otherwise no index scan can use it. */
export function mayServe(statement: WorkloadStatement, candidate: IndexCandidate): boolean {
  const leading = candidate.columns[0];
  return leading !== undefined && (statement.columns.get(candidate.table.oid)?.has(leading) ?? false);
}
