// First, so that the imports below load @perflens/supervisor from its sources (see the module).
import './resolve-workspace-sources';
import { envVars } from '../env-vars';
import { startPostgres, type PostgresInstance } from '../postgres/start-postgres';
import { createRunDir, sweepStaleRunDirs } from './run-dir';

/** Key under which the setup hands the shared cluster to the teardown (both run in jest's main process). */
export const sharedClusterKey = Symbol.for('@perflens/test-harness:shared-cluster');

/**
 * jest globalSetup for the whole repository (root jest.config.js): cleans up after earlier runs that died,
 * creates this run's cleanup folder, and starts the PostgreSQL cluster behind sharedPostgres(). Workers
 * are forked after this returns, so the environment variables set here reach every test file.
 */
export default async function globalSetup(): Promise<void> {
  sweepStaleRunDirs();
  process.env[envVars.runDir] = createRunDir();
  // Every test file of the run may hold a pool here at the same time; 100 connections is tight for that.
  const cluster = await startPostgres({ settings: { max_connections: '300' } });
  (globalThis as Record<symbol, PostgresInstance>)[sharedClusterKey] = cluster;
  process.env[envVars.sharedPostgresUrl] = cluster.connectionString();
}
