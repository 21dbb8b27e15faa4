import express from 'express';
import type { Server } from 'node:http';
import { Pool } from 'pg';
import { instrument } from '@perflens/instrument';

export interface ExampleServiceOptions {
  port: number;
  host: string;
  /** With a database, /users/:id queries PostgreSQL (and per-route database time shows up). */
  databaseUrl?: string;
}

/**
 * The example from instrument/README.md as a runnable service (`perflens example`): what a service looks
 * like after `instrument()`, with one route that queries the database when one is given.
 */
export async function startExampleService(
  options: ExampleServiceOptions,
): Promise<{ server: Server; close(): Promise<void> }> {
  const pool = options.databaseUrl ? new Pool({ connectionString: options.databaseUrl, max: 5 }) : undefined;
  const app = express();
  instrument({ app, pool });

  const users = express.Router();
  users.get('/:id', async (req, res) => {
    if (pool === undefined) {
      res.json({ id: req.params.id, source: 'memory' });
      return;
    }
    const { rows } = await pool.query('SELECT $1::int AS id, now() AS served_at', [
      Number(req.params.id) || 0,
    ]);
    res.json(rows[0]);
  });
  app.use('/users', users);
  app.get('/hello', (_req, res) => void res.send('hello from the Perflens example\n'));

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host, () => resolve(listening));
    listening.once('error', reject);
  });
  return {
    server,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await pool?.end();
    },
  };
}
