import { withPostgresClient } from '@perflens/supervisor';

/**
 * The scale of the demo seed already in `databaseUrl` (the demo's `demo_seed` row, see
 * demo/src/database/seed-database.ts), or undefined when the database holds none. The demo skips seeding
 * when it equals --scale, so `perflens up` can say beforehand whether the start takes seconds or minutes.
 */
export async function existingSeedScale(databaseUrl: string): Promise<number | undefined> {
  return withPostgresClient(databaseUrl, async (client) => {
    const table = await client.query("SELECT to_regclass('demo_seed') IS NOT NULL AS present");
    if (table.rows[0]?.present !== true) return undefined;
    const row = await client.query<{ scale: string }>('SELECT scale FROM demo_seed LIMIT 1');
    return row.rows[0] === undefined ? undefined : Number(row.rows[0].scale);
  });
}
