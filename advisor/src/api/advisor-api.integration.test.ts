import { useSharedPostgres } from '@perflens/test-harness';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { registerAdvisorMetrics } from './advisor-metrics';
import type { AdvisorReport } from '../report/advisor-report';
import { ADVISOR_API_PATH, createAdvisorRouter } from './advisor-router';
import { createAdvisorService, type AdvisorService } from './advisor-service';
import type { AuditEntry } from '../apply/apply-audit';
import {
  flushStatistics,
  runWorkload,
  seededOptions,
  seedWorkload,
  WORKLOAD_CALLS,
} from '../../test/seeded-workload';

const VIEWER_TOKEN = 'viewer-token-0123456789abcdef012345';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef0123456';
const viewer = { authorization: `Bearer ${VIEWER_TOKEN}` };
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('the advisor HTTP API, apply and rollback on a real PostgreSQL', () => {
  const database = useSharedPostgres();
  let client: Client;
  let service: AdvisorService;
  let server: Server;
  let base: string;
  const registry = new Registry();

  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(`${base}${ADVISOR_API_PATH}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const ordersAdviceId = async () =>
    ((await call('GET', '/recommendations', viewer)).body as unknown as AdvisorReport).recommendations.find(
      (r) => r.kind === 'missing-index' && r.target.table === 'orders',
    )!.id;

  beforeAll(async () => {
    client = new Client({ connectionString: database().connectionString });
    await client.connect();
    await seedWorkload(client);
    await runWorkload(client);
    service = createAdvisorService({
      dsn: database().connectionString,
      advisor: seededOptions,
      lockTimeoutMs: 500,
    });
    registerAdvisorMetrics(registry, { latestReport: () => service.latest() });
    const app = express();
    app.use(
      ADVISOR_API_PATH,
      createAdvisorRouter({
        service,
        viewerToken: VIEWER_TOKEN,
        adminToken: ADMIN_TOKEN,
        applyEnabled: true,
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await client.end();
  });

  it.each([
    ['no token gets 401', 'GET', '/recommendations', {}, 401, 'a bearer token is required'],
    [
      'a wrong token gets 401',
      'GET',
      '/audit',
      { authorization: 'Bearer nope' },
      401,
      'a bearer token is required',
    ],
    [
      'a viewer cannot apply',
      'POST',
      '/recommendations/missing-index-000000000000/apply',
      viewer,
      403,
      'this needs the admin token',
    ],
    [
      'a viewer cannot roll back',
      'POST',
      '/applications/1/rollback',
      viewer,
      403,
      'this needs the admin token',
    ],
    [
      'a malformed id gets 400',
      'GET',
      '/recommendations/DROP%20TABLE',
      viewer,
      400,
      'input: not a recommendation id',
    ],
    [
      'an unknown id gets 404',
      'POST',
      '/recommendations/missing-index-000000000000/apply',
      admin,
      404,
      'no open recommendation with id missing-index-000000000000',
    ],
    [
      'a rollback of nothing gets 409',
      'POST',
      '/applications/999/rollback',
      admin,
      409,
      'no successful apply with audit id 999',
    ],
  ])('%s', async (_title, method, path, headers, status, error) => {
    const response = await call(method, path, headers);
    expect([response.status, response.body.error]).toEqual([status, error]);
  });

  it('serves the report to a viewer', async () => {
    const { status, body } = await call('GET', '/recommendations', viewer);
    expect(status).toBe(200);
    expect((body as unknown as AdvisorReport).recommendations.map((r) => r.kind)).toContain('missing-index');
  });

  it('exports the open recommendations by kind and severity, zeros included', async () => {
    await service.report();
    const text = await registry.metrics();
    expect(text).toMatch(/^perflens_advisor_recommendations\{kind="unused-index",severity="info"\} 1$/m);
    expect(text).toMatch(/^perflens_advisor_recommendations\{kind="table-bloat",severity="warning"\} 0$/m);
    expect(text.match(/^perflens_advisor_recommendations\{/gm)).toHaveLength(27);
  });

  it('accepts the scheme name in any case (RFC 7235)', async () => {
    const lower = await call('GET', '/audit', { authorization: `bearer ${VIEWER_TOKEN}` });
    const upper = await call('GET', '/audit', { authorization: `BEARER ${VIEWER_TOKEN}` });
    expect([lower.status, upper.status]).toEqual([200, 200]);
  });

  it('answers an actor with a NUL byte 400, naming the field, and runs no DDL', async () => {
    const id = await ordersAdviceId();
    const { status, body } = await call('POST', `/recommendations/${id}/apply`, admin, {
      actor: 'eve\u0000',
    });
    expect([status, body.error]).toEqual([
      400,
      'actor: expected printable characters only (no NUL, control or format characters)',
    ]);
    const audit = (await call('GET', '/audit', viewer)).body as unknown as AuditEntry[];
    expect(audit.filter((e) => e.recommendationId === id)).toEqual([]);
    const index = await client.query(
      "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'orders_customer_id_idx'",
    );
    expect(index.rows[0].n).toBe(0);
  });

  it('leaves the database as it was when the lock timeout hits, and says why', async () => {
    const id = await ordersAdviceId();
    const locker = new Client({ connectionString: database().connectionString });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE');
      const { status, body } = await call('POST', `/recommendations/${id}/apply`, admin, { actor: 'ci' });
      expect(status).toBe(409);
      expect(body.error).toBe(
        `apply of ${id} failed: canceling statement due to lock timeout; no index was created, nothing was changed`,
      );
      expect((body.audit as AuditEntry).outcome).toBe('failed');
    } finally {
      await locker.end();
    }
    const left = await client.query(
      "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'orders_customer_id_idx'",
    );
    expect(left.rows[0].n).toBe(0);
  });

  it('applies, measures and rolls back, and the audit table shows each step', async () => {
    const id = await ordersAdviceId();
    const applied = await call('POST', `/recommendations/${id}/apply`, admin, { actor: 'alice' });
    expect(applied.status).toBe(201);
    const applyId = (applied.body as unknown as AuditEntry).id;
    const index = await client.query(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'orders_customer_id_idx'",
    );
    expect(index.rows[0].indexdef).toBe(
      'CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)',
    );

    for (let i = 1; i <= WORKLOAD_CALLS; i++) {
      await client.query('SELECT id, total FROM orders WHERE customer_id = $1', [i * 37]);
    }
    await flushStatistics(client);
    const measured = await call('POST', `/applications/${applyId}/measure`, admin, { actor: 'alice' });
    const [statement] = (
      measured.body.details as {
        statements: { callsAfter: number; meanMsBefore: number; meanMsAfter: number }[];
      }
    ).statements;
    expect(statement!.callsAfter).toBe(WORKLOAD_CALLS);
    expect(statement!.meanMsAfter).toBeLessThan(statement!.meanMsBefore);

    const rolledBack = await call('POST', `/applications/${applyId}/rollback`, admin, { actor: 'alice' });
    expect(rolledBack.status).toBe(201);
    const gone = await client.query(
      "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'orders_customer_id_idx'",
    );
    expect(gone.rows[0].n).toBe(0);

    const audit = (await call('GET', '/audit?limit=3', viewer)).body as unknown as AuditEntry[];
    expect(audit.map((e) => [e.action, e.outcome, e.actor, e.sql])).toEqual([
      ['rollback', 'succeeded', 'alice', 'DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx'],
      [
        'measure',
        'succeeded',
        'alice',
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id)',
      ],
      [
        'apply',
        'succeeded',
        'alice',
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id)',
      ],
    ]);
  });

  it('refuses to apply when the configuration does not enable it', async () => {
    const app = express();
    app.use(
      ADVISOR_API_PATH,
      createAdvisorRouter({ service, viewerToken: VIEWER_TOKEN, adminToken: ADMIN_TOKEN }),
    );
    const closed = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => closed.once('listening', resolve));
    try {
      const port = (closed.address() as AddressInfo).port;
      const response = await fetch(
        `http://127.0.0.1:${port}${ADVISOR_API_PATH}/recommendations/missing-index-000000000000/apply`,
        {
          method: 'POST',
          headers: admin,
        },
      );
      expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([
        403,
        'apply is disabled in the configuration (advisor.applyEnabled)',
      ]);
    } finally {
      await new Promise((resolve) => closed.close(resolve));
    }
  });
});
