import { useSharedPostgres } from '@perflens/test-harness';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { recommendationId, type Recommendation } from '../report/recommendation';
import { InvalidInputError } from './actor';
import { ApplyError, applyRecommendation, readAudit, type AuditEntry } from './apply-audit';
import { reconcileApplies } from './reconcile-applies';

/** A missing-index recommendation on a table of our own, as the advisor would produce it. */
const advice = (index: string, column: string): Recommendation => ({
  id: recommendationId('missing-index', index),
  kind: 'missing-index',
  severity: 'warning',
  title: `index items(${column})`,
  target: { schema: 'public', table: 'items', index, columns: [column] },
  evidence: [],
  expectedEffect: 'faster lookups',
  verified: true,
  applySql: `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${index} ON public.items (${column})`,
  rollbackSql: `DROP INDEX CONCURRENTLY IF EXISTS public.${index}`,
});

const CHILD = path.join(__dirname, '..', '..', 'test', 'apply-in-child.ts');

describe('apply is audited first and leaves either a valid audited index or none', () => {
  const database = useSharedPostgres();
  let client: Client;
  const connect = async () => {
    const c = new Client({ connectionString: database().connectionString });
    await c.connect();
    return c;
  };
  const stateOf = async (index: string) =>
    (
      await client.query<{ valid: boolean }>(
        `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1`,
        [index],
      )
    ).rows.map((r) => (r.valid ? 'valid' : 'invalid'))[0] ?? 'absent';
  const rowsOf = async (recommendationId: string) =>
    (await readAudit(client, 1000)).filter((e) => e.recommendationId === recommendationId).reverse();
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (const end = Date.now() + 30_000; Date.now() < end;) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting until ${what}`);
  };
  /** The backend running a CREATE INDEX on `index`, waiting on a lock (a table lock or an old snapshot). */
  const waitingBuild = async (index: string) => {
    let pid = 0;
    await until(`CREATE INDEX ${index} waits`, async () => {
      const found = await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE query LIKE $1 AND wait_event_type = 'Lock'`,
        [`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${index} %`],
      );
      pid = found.rows[0]?.pid ?? 0;
      return pid !== 0;
    });
    return pid;
  };
  const backendGone = (pid: number) => async () =>
    (await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rows.length === 0;

  beforeAll(async () => {
    client = await connect();
    await client.query(`CREATE TABLE items (id int PRIMARY KEY, owner int NOT NULL, shelf int NOT NULL, tag int NOT NULL);
      INSERT INTO items SELECT g, g % 997, g % 101, g % 13 FROM generate_series(1, 50000) g;
      CREATE TABLE other (id int PRIMARY KEY); INSERT INTO other VALUES (1);`);
    // The audit table as earlier versions created it: outcome succeeded/failed only, no leftover column.
    await client.query(`CREATE SCHEMA perflens_advisor;
      CREATE TABLE perflens_advisor.audit (
        id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), actor text NOT NULL,
        db_user text NOT NULL DEFAULT current_user, action text NOT NULL CHECK (action IN ('apply', 'rollback', 'measure')),
        recommendation_id text NOT NULL, kind text NOT NULL, sql text NOT NULL, rollback_sql text,
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')), error text, details jsonb);
      INSERT INTO perflens_advisor.audit (actor, action, recommendation_id, kind, sql, outcome)
        VALUES ('old', 'measure', 'missing-index-0000000000aa', 'missing-index', 'SELECT 1', 'succeeded');`);
  }, 60_000);
  afterAll(async () => {
    await client.end();
  });

  it('brings an audit table of the earlier format up to date and keeps its rows', async () => {
    const recommendation = advice('items_id_owner_idx', 'id, owner');
    const applied = await applyRecommendation(client, recommendation, { actor: 'ci', lockTimeoutMs: 2000 });
    expect([applied.outcome, applied.leftover]).toEqual(['succeeded', null]);
    const old = (await readAudit(client, 10)).find((e) => e.actor === 'old');
    expect([old?.outcome, old?.leftover]).toEqual(['succeeded', null]);
  });

  it('refuses a second apply of the same recommendation while one runs', async () => {
    const recommendation = advice('items_owner_tag_idx', 'owner, tag');
    const other = await connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('perflens_advisor'), hashtext($1))`, [
        recommendation.id,
      ]);
      const failure = await applyRecommendation(client, recommendation, {
        actor: 'ci',
        lockTimeoutMs: 300,
      }).catch((error: unknown) => error as ApplyError);
      expect((failure as ApplyError).message).toBe(
        `an apply or rollback of ${recommendation.id} is already running; nothing was started`,
      );
    } finally {
      await other.end();
    }
    expect(await stateOf('items_owner_tag_idx')).toBe('absent');
  });

  it('reports an INVALID leftover it cannot drop while a snapshot is held, and a re-apply after cleans it and builds', async () => {
    const recommendation = advice('items_owner_idx', 'owner');
    const holder = await connect();
    try {
      // A REPEATABLE READ transaction that read the table: CREATE INDEX CONCURRENTLY waits for its
      // snapshot after the index is in the catalog, and DROP INDEX CONCURRENTLY waits for its table lock.
      await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await holder.query('SELECT count(*) FROM items');
      const failure = await applyRecommendation(client, recommendation, {
        actor: 'ci',
        lockTimeoutMs: 300,
        dropAttempts: 2,
        dropBackoffMs: 50,
      }).catch((error: unknown) => error as ApplyError);
      expect(failure).toBeInstanceOf(ApplyError);
      expect((failure as ApplyError).message).toMatch(
        /^apply of missing-index-\w+ failed: canceling statement due to lock timeout; the INVALID index public.items_owner_idx it left remains \(drop failed: canceling statement due to lock timeout\)/,
      );
      expect((failure as ApplyError).message).not.toMatch(/nothing was changed/);
      expect(await stateOf('items_owner_idx')).toBe('invalid');
      const [row] = await rowsOf(recommendation.id);
      expect([row!.outcome, row!.leftover, row!.error]).toEqual([
        'failed',
        'public.items_owner_idx',
        'canceling statement due to lock timeout',
      ]);

      // While the snapshot is still held the leftover cannot go, and the re-apply says so (audited).
      const refused = await applyRecommendation(client, recommendation, {
        actor: 'ci',
        lockTimeoutMs: 300,
        dropAttempts: 1,
      }).catch((error: unknown) => error as ApplyError);
      expect((refused as ApplyError).message).toMatch(/still cannot be dropped .*nothing was started$/);
      expect((refused as ApplyError).entry?.outcome).toBe('failed');
    } finally {
      await holder.end();
    }
    const applied = await applyRecommendation(client, recommendation, { actor: 'ci', lockTimeoutMs: 2000 });
    expect(applied.outcome).toBe('succeeded');
    expect(await stateOf('items_owner_idx')).toBe('valid');
    const rows = await rowsOf(recommendation.id);
    expect(rows.map((r) => [r.outcome, r.leftover])).toEqual([
      ['failed', null],
      ['failed', null],
      ['succeeded', null],
    ]);
    expect((rows[0]!.details?.reconciled as { note: string }).note).toBe(
      'left by a failed apply; its INVALID index public.items_owner_idx was dropped',
    );
  });

  it('drops the INVALID leftover at once when only the snapshot, not the table, is held', async () => {
    const recommendation = advice('items_shelf_idx', 'shelf');
    const holder = await connect();
    try {
      await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await holder.query('SELECT count(*) FROM other');
      const failure = await applyRecommendation(client, recommendation, {
        actor: 'ci',
        lockTimeoutMs: 300,
      }).catch((error: unknown) => error as ApplyError);
      expect((failure as ApplyError).message).toMatch(
        /failed: canceling statement due to lock timeout; the INVALID index it left was dropped again, nothing was changed$/,
      );
    } finally {
      await holder.end();
    }
    expect(await stateOf('items_shelf_idx')).toBe('absent');
    expect((await rowsOf(recommendation.id)).map((r) => [r.outcome, r.leftover])).toEqual([['failed', null]]);
  });

  it('refuses an actor with a NUL byte before touching the database', async () => {
    const recommendation = advice('items_tag_idx', 'tag');
    const failure = await applyRecommendation(client, recommendation, {
      actor: 'mallory\u0000',
      lockTimeoutMs: 300,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidInputError);
    expect((failure as Error).message).toBe(
      'actor: expected printable characters only (no NUL, control or format characters)',
    );
    expect(await stateOf('items_tag_idx')).toBe('absent');
    expect(await rowsOf(recommendation.id)).toEqual([]);
  });

  describe('a process killed with SIGKILL mid-apply', () => {
    let child: ChildProcess | undefined;
    const startChild = (recommendation: Recommendation) => {
      child = spawn(
        process.execPath,
        ['--import', 'tsx', CHILD, database().connectionString, JSON.stringify(recommendation), '60000'],
        { stdio: 'ignore' },
      );
    };
    const killChild = async () => {
      const running = child!;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    };
    afterEach(() => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    it('leaves a pending row; once the orphaned build finishes, reconciliation records the valid index', async () => {
      const recommendation = advice('items_owner_shelf_idx', 'owner, shelf');
      const locker = await connect();
      try {
        await locker.query('BEGIN; LOCK TABLE items IN SHARE UPDATE EXCLUSIVE MODE');
        startChild(recommendation);
        const backend = await waitingBuild('items_owner_shelf_idx');
        await killChild();
        expect((await rowsOf(recommendation.id)).map((r) => r.outcome)).toEqual(['pending']);
        // The backend outlives its client and still holds the apply's advisory lock: hands off.
        const early = await reconcileApplies(client, { lockTimeoutMs: 300 });
        expect(early.running.map((r) => r.recommendationId)).toEqual([recommendation.id]);
        await locker.query('COMMIT');
        await until('the orphaned backend ends', backendGone(backend));
      } finally {
        await locker.end();
      }
      const result = await reconcileApplies(client, { lockTimeoutMs: 300 });
      expect(result.settled.map((s) => [s.previous.outcome, s.entry.outcome, s.note])).toEqual([
        [
          'pending',
          'succeeded',
          'the process running it stopped before recording the outcome; the index public.items_owner_shelf_idx was built',
        ],
      ]);
      expect(await stateOf('items_owner_shelf_idx')).toBe('valid');
    });

    it('leaves a pending row; when the build dies too, reconciliation drops the INVALID index', async () => {
      const recommendation = advice('items_shelf_tag_idx', 'shelf, tag');
      const holder = await connect();
      try {
        await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await holder.query('SELECT count(*) FROM other');
        startChild(recommendation);
        const backend = await waitingBuild('items_shelf_tag_idx');
        await killChild();
        await client.query('SELECT pg_terminate_backend($1)', [backend]);
        await until('the build backend ends', backendGone(backend));
      } finally {
        await holder.end();
      }
      expect(await stateOf('items_shelf_tag_idx')).toBe('invalid');
      expect((await rowsOf(recommendation.id)).map((r) => r.outcome)).toEqual(['pending']);
      const result = await reconcileApplies(client, { lockTimeoutMs: 2000 });
      const settled: AuditEntry[] = result.settled.map((s) => s.entry);
      expect(settled.map((e) => [e.recommendationId, e.outcome, e.leftover])).toEqual([
        [recommendation.id, 'failed', null],
      ]);
      expect(await stateOf('items_shelf_tag_idx')).toBe('absent');
    });
  });
});
