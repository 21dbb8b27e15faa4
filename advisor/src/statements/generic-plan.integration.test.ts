import { useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { explainGenericPlan } from './generic-plan';

/**
 * Normalized texts as pg_stat_statements keeps them, whose constants only their literals typed: they plan
 * once the parameters are declared (parameter-types.ts), and the plan names the relations it reads.
 */
describe('generic plans of normalized statements', () => {
  const database = useSharedPostgres();
  let client: Client;
  let role: string;

  beforeAll(async () => {
    client = new Client({ connectionString: database().connectionString });
    await client.connect();
    await client.query(`
      CREATE TABLE rooms (id int PRIMARY KEY, venue_id int NOT NULL, nightly_cents int NOT NULL);
      CREATE TABLE stays (id int PRIMARY KEY, room_id int NOT NULL, nights int NOT NULL);
      CREATE INDEX stays_room_id_idx ON stays (room_id);
      INSERT INTO rooms SELECT g, g % 50, 10000 FROM generate_series(1, 1000) g;
      INSERT INTO stays SELECT g, g % 1000 + 1, g % 7 + 1 FROM generate_series(1, 50000) g;
      ANALYZE rooms, stays;`);
    role = client.escapeIdentifier(
      (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u,
    );
  }, 60_000);
  afterAll(() => client.end());

  const relations = async (sql: string, paramCount: number) => {
    const plan = await explainGenericPlan(client, sql, paramCount, {
      role,
      timeoutMs: 5_000,
      relations: true,
    });
    return plan.relationScans?.map((r) => `${r.schema}.${r.table}`);
  };

  it('plans a LIMIT whose argument is a normalized constant in a subquery', async () => {
    const sql =
      'SELECT coalesce(sum(s.nights * r.nightly_cents), $2)::bigint FROM stays s JOIN rooms r ON r.id = s.room_id ' +
      'WHERE r.venue_id = $1 LIMIT (SELECT $3 FROM pg_sleep($4))';
    expect(await relations(sql, 4)).toEqual(['public.rooms', 'public.stays']);
  });

  it('plans a constant that only a quoted literal typed (a json_build_object key)', async () => {
    const sql = 'SELECT s.id, json_build_object($2, s.nights) FROM stays s WHERE s.id = $1';
    expect(await relations(sql, 2)).toEqual(['public.stays']);
  });

  it('still names the error of a statement no declaration can plan', async () => {
    await expect(relations('SELECT nope FROM stays WHERE id = $1', 1)).rejects.toThrow(
      'column "nope" does not exist',
    );
  });
});
