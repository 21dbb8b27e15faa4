import { isPerflensQueryText, markPerflensQueries, PERFLENS_QUERY_MARKER } from './query-marker';

describe('the Perflens query marker', () => {
  it('marks texts and plain configs, and passes anything else unchanged', () => {
    const sent: unknown[][] = [];
    const client = { query: (...args: unknown[]) => sent.push(args) };
    const cursor = new (class Cursor {})();
    markPerflensQueries(client);
    client.query('SELECT 1', [2]);
    client.query({ text: 'SELECT $1', values: [3] });
    client.query(cursor);
    expect(sent).toEqual([
      ['/* perflens */ SELECT 1', [2]],
      [{ text: '/* perflens */ SELECT $1', values: [3] }],
      [cursor],
    ]);
  });

  it('tells Perflens’s own statements from the service’s', () => {
    expect(isPerflensQueryText(`${PERFLENS_QUERY_MARKER} SELECT a.attrelid FROM pg_attribute a`)).toBe(true);
    expect(isPerflensQueryText('PREPARE perflens_advisor_plan(unknown, bigint) AS SELECT 1')).toBe(true);
    expect(isPerflensQueryText('SELECT id FROM bookings WHERE guest_id = $1 /* perflens */')).toBe(false);
    expect(isPerflensQueryText('PREPARE other AS SELECT 1')).toBe(false);
  });
});
