import {
  listStatement,
  MAX_LISTED_STATEMENTS,
  RequestDbTimeStore,
  UNLISTED_STATEMENT,
} from './request-db-time';
import { describeStatement, type PgStatement } from './statement-cache';

/** Calls per (fingerprint, pool) in a request's list. */
function callsOf(list: unknown[]): Map<string, number> {
  const calls = new Map<string, number>();
  for (let i = 0; i < list.length; i += 4) {
    const key = `${(list[i] as PgStatement).fingerprint} ${String(list[i + 1])}`;
    calls.set(key, (calls.get(key) ?? 0) + (list[i + 2] as number));
  }
  return calls;
}

describe('listStatement', () => {
  it('keeps a bounded list for a request of many queries, without losing a call', () => {
    const context = new RequestDbTimeStore().create();
    const byId = describeStatement('SELECT * FROM orders WHERE id = $1');
    for (let n = 0; n < 10_000; n++) listStatement(context, byId, 'main', 0.001);
    // Past the cap, distinct statements (an IN list of every length) that match no entry.
    for (let n = 1; n <= MAX_LISTED_STATEMENTS; n++) {
      const list = Array.from({ length: n }, (_, i) => i).join(', ');
      listStatement(context, describeStatement(`SELECT * FROM orders WHERE id IN (${list})`), 'main', 0.001);
    }
    const list = context.statements!;
    expect(list.length).toBeLessThanOrEqual((MAX_LISTED_STATEMENTS + 1) * 4);
    const calls = callsOf(list);
    expect(calls.get(`${byId.fingerprint} main`)).toBe(10_000);
    expect([...calls.values()].reduce((a, b) => a + b, 0)).toBe(10_000 + MAX_LISTED_STATEMENTS);
    // The list filled up with the first statement; the later ones match no entry.
    expect(calls.get(`${UNLISTED_STATEMENT.fingerprint} main`)).toBe(MAX_LISTED_STATEMENTS);
  });
});
