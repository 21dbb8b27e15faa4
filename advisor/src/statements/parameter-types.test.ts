import { declaredTypesAfter, limitParameters, parameterList } from './parameter-types';

const SLOW_REPORT =
  'SELECT coalesce(sum(b.nights), $2)::bigint FROM bookings b WHERE b.room_id = $1 LIMIT (SELECT $3 FROM pg_sleep($4))';

describe('parameter types for PREPARE', () => {
  it('finds the parameters inside LIMIT and OFFSET, subqueries included', async () => {
    expect(await limitParameters(SLOW_REPORT)).toEqual([3, 4]);
    expect(
      await limitParameters('SELECT id FROM t WHERE a = $1 ORDER BY id LIMIT $2 OFFSET $3 * $4'),
    ).toEqual([2, 3, 4]);
    expect(await limitParameters('SELECT id FROM t WHERE a = $1')).toEqual([]);
  });

  it('declares a LIMIT’s parameters bigint and an untyped one text, one error at a time', async () => {
    const limit = new Error('argument of LIMIT must be type bigint, not type text');
    const first = await declaredTypesAfter(limit, SLOW_REPORT, 4, []);
    expect(first).toEqual(['unknown', 'unknown', 'bigint', 'bigint']);
    const untyped = new Error('could not determine data type of parameter $2');
    expect(await declaredTypesAfter(untyped, SLOW_REPORT, 4, first!)).toEqual([
      'unknown',
      'text',
      'bigint',
      'bigint',
    ]);
    expect(parameterList(first!, 4)).toBe('(unknown, unknown, bigint, bigint)');
    expect(parameterList([], 4)).toBe('');
  });

  it('gives up when a declaration cannot help: the same error again, or another error', async () => {
    const limit = new Error('argument of LIMIT must be type bigint, not type text');
    expect(await declaredTypesAfter(limit, SLOW_REPORT, 4, ['unknown', 'unknown', 'bigint', 'bigint'])).toBe(
      undefined,
    );
    const untyped = new Error('could not determine data type of parameter $2');
    expect(await declaredTypesAfter(untyped, SLOW_REPORT, 4, ['unknown', 'text'])).toBe(undefined);
    expect(await declaredTypesAfter(new Error('column "x" does not exist'), SLOW_REPORT, 4, [])).toBe(
      undefined,
    );
  });
});
