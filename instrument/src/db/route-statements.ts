import {
  DB_STATEMENT_INFO,
  ROUTE_STATEMENT_CALLS,
  ROUTE_STATEMENT_SECONDS,
  SERIES_DROPPED_METRIC,
  type MetricDefinition,
} from '@perflens/conventions';
import { Counter, Gauge, type Registry } from 'prom-client';
import { OVERFLOW_LABEL_VALUE, type CardinalityGuard } from '../cardinality/cardinality-guard';
import { UNLISTED_STATEMENT, type RequestDbTime } from './request-db-time';
import type { PgStatement } from './statement-cache';

export const ROUTE_STATEMENT_LABELS = [
  'http_request_method',
  'http_route',
  'db_client_connection_pool_name',
  'db_statement_fingerprint',
] as const;
type RouteStatementLabel = (typeof ROUTE_STATEMENT_LABELS)[number];
const INFO_LABELS = ['db_statement_fingerprint', 'db_query_text'] as const;
const PRODUCER = 'instrument/db';
/** Distinct (method, route) pairs tracked before new ones share one `__overflow__` route. */
const MAX_ROUTES = 5000;

export const routeStatementMetricDefinitions: readonly MetricDefinition[] = [
  {
    name: ROUTE_STATEMENT_CALLS,
    type: 'counter',
    help: 'Executions of a normalized statement while serving a route, by pool; at most maxStatementsPerRoute statements per route, the rest under db_statement_fingerprint="__overflow__".',
    labels: ROUTE_STATEMENT_LABELS,
    producer: PRODUCER,
  },
  {
    name: ROUTE_STATEMENT_SECONDS,
    type: 'counter',
    help: 'Client-side seconds of a normalized statement while serving a route, by pool (same series as perflens_route_statement_calls_total).',
    labels: ROUTE_STATEMENT_LABELS,
    producer: PRODUCER,
  },
  {
    name: DB_STATEMENT_INFO,
    type: 'gauge',
    help: 'Normalized text of a statement fingerprint (constants are $n, comments removed, at most 200 characters, a longer one cut in the middle); always 1. Joins perflens_pg_statement_info on the text.',
    labels: INFO_LABELS,
    producer: PRODUCER,
  },
];

/** One (method, route, pool, statement) series: plain numbers, read into the counters at scrape time. */
interface StatementEntry {
  readonly labels: Record<RouteStatementLabel, string>;
  calls: number;
  seconds: number;
  /** Folded into the route's overflow series: counted as dropped at every observation. */
  readonly folded: boolean;
}

interface RouteState {
  readonly method: string;
  readonly route: string;
  /**
   * Admitted statements by fingerprint, one entry per pool (nearly always one): looked up without
   * building a key string. At most maxStatementsPerRoute entries in all (`size`).
   */
  readonly entries: Map<string, StatementEntry[]>;
  size: number;
  /** The route's overflow series per pool, created at the first statement past the cap. */
  readonly overflow: Map<string, StatementEntry>;
}

export interface RouteStatementOptions {
  guard: CardinalityGuard;
  /** Distinct statements per (method, route) before the rest fold into `__overflow__`. */
  maxStatementsPerRoute: number;
}

/**
 * Per-route statement counters. A query only appends (statement, pool, calls, seconds) to its request's
 * RequestDbTime (listStatement); the request's route is known when the response closes, and `record` then adds each use
 * to its entry. The counters are plain numbers set into prom-client's at scrape time, so the request path
 * pays a Map lookup per query and no label hashing. Bounded twice: maxStatementsPerRoute statements per
 * route (the first ones seen; the rest are one `__overflow__` statement of that route, so route totals
 * stay right), and the cardinality guard's cap on the whole metric.
 */
export class RouteStatementRecorder {
  /** By method, then route: two lookups and no key string per request. */
  private readonly routes = new Map<string, Map<string, RouteState>>();
  private routeCount = 0;
  /** Text of every admitted fingerprint, for perflens_db_statement_info. */
  private readonly texts = new Map<string, string>();
  private globalOverflow: StatementEntry | undefined;
  private overflowRoute: RouteState | undefined;
  private dropped: Counter<'metric'> | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly options: RouteStatementOptions,
  ) {
    const entries = (): Iterable<StatementEntry> => this.entries();
    const labelNames = ROUTE_STATEMENT_LABELS;
    new Counter({
      name: ROUTE_STATEMENT_CALLS,
      help: helpOf(ROUTE_STATEMENT_CALLS),
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const entry of entries()) this.inc(entry.labels, entry.calls);
      },
    });
    new Counter({
      name: ROUTE_STATEMENT_SECONDS,
      help: helpOf(ROUTE_STATEMENT_SECONDS),
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const entry of entries()) this.inc(entry.labels, entry.seconds);
      },
    });
    const texts = this.texts;
    new Gauge({
      name: DB_STATEMENT_INFO,
      help: helpOf(DB_STATEMENT_INFO),
      labelNames: INFO_LABELS,
      registers: [registry],
      collect() {
        this.reset();
        for (const [fingerprint, text] of texts)
          this.set({ db_statement_fingerprint: fingerprint, db_query_text: text }, 1);
      },
    });
  }

  /** Adds the statements of one finished request to its route's series. */
  record(method: string, route: string, db: RequestDbTime): void {
    const uses = db.statements;
    if (uses === undefined) return;
    const state = this.routeOf(method, route);
    for (let i = 0; i < uses.length; i += 4) {
      const calls = uses[i + 2] as number;
      const entry = this.entryOf(state, uses[i] as PgStatement, uses[i + 1] as string);
      entry.calls += calls;
      entry.seconds += uses[i + 3] as number;
      if (entry.folded) this.countDropped(calls);
    }
  }

  private *entries(): Iterable<StatementEntry> {
    const routes = [...this.routes.values()].flatMap((byRoute) => [...byRoute.values()]);
    if (this.overflowRoute !== undefined) routes.push(this.overflowRoute);
    for (const state of routes) {
      for (const perPool of state.entries.values()) yield* perPool;
      yield* state.overflow.values();
    }
    if (this.globalOverflow !== undefined) yield this.globalOverflow;
  }

  private routeOf(method: string, route: string): RouteState {
    let byRoute = this.routes.get(method);
    if (byRoute === undefined) {
      byRoute = new Map();
      this.routes.set(method, byRoute);
    }
    let state = byRoute.get(route);
    if (state === undefined) {
      // Route templates are few; this bounds the map should a service have unbounded ones anyway.
      if (this.routeCount >= MAX_ROUTES) {
        return (this.overflowRoute ??= newRoute(OVERFLOW_LABEL_VALUE, OVERFLOW_LABEL_VALUE));
      }
      state = newRoute(method, route);
      byRoute.set(route, state);
      this.routeCount++;
    }
    return state;
  }

  private entryOf(state: RouteState, statement: PgStatement, pool: string): StatementEntry {
    const perPool = state.entries.get(statement.fingerprint);
    if (perPool !== undefined) {
      for (const known of perPool) if (known.labels.db_client_connection_pool_name === pool) return known;
    }
    if (state.size >= this.options.maxStatementsPerRoute || statement === UNLISTED_STATEMENT) {
      let overflow = state.overflow.get(pool);
      if (overflow === undefined) {
        overflow = newEntry(state, pool, OVERFLOW_LABEL_VALUE, true);
        state.overflow.set(pool, overflow);
      }
      return overflow;
    }
    const entry = newEntry(state, pool, statement.fingerprint, false);
    const admitted = this.options.guard.admit(ROUTE_STATEMENT_CALLS, entry.labels);
    if (admitted !== entry.labels) {
      // Past the metric's cap: the guard counted it; not kept, so the next use is counted too.
      this.globalOverflow ??= { labels: admitted, calls: 0, seconds: 0, folded: false };
      return this.globalOverflow;
    }
    if (perPool === undefined) state.entries.set(statement.fingerprint, [entry]);
    else perPool.push(entry);
    state.size++;
    this.texts.set(statement.fingerprint, statement.labelText);
    return entry;
  }

  private countDropped(calls: number): void {
    // The guard registered the counter on this registry (it is shared by every guard of a registry).
    this.dropped ??= this.registry.getSingleMetric(SERIES_DROPPED_METRIC) as Counter<'metric'>;
    this.dropped.inc({ metric: ROUTE_STATEMENT_CALLS }, calls);
  }
}

function newRoute(method: string, route: string): RouteState {
  return { method, route, entries: new Map(), size: 0, overflow: new Map() };
}

function newEntry(state: RouteState, pool: string, fingerprint: string, folded: boolean): StatementEntry {
  return {
    labels: {
      http_request_method: state.method,
      http_route: state.route,
      db_client_connection_pool_name: pool,
      db_statement_fingerprint: fingerprint,
    },
    calls: 0,
    seconds: 0,
    folded,
  };
}

function helpOf(name: string): string {
  return routeStatementMetricDefinitions.find((d) => d.name === name)!.help;
}
