import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Operation names come from clients: only this form is a label of its own, and only so many of them. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;

/** Figures read when scraped, from parts that keep them (the pool, the job queue, the notifier). */
export interface MetricSources {
  pool?: () => { total: number; idle: number; waiting: number };
  jobs?: () => Promise<{ waiting: number; failed: number }>;
  subscriptions?: () => number;
}

/**
 * The server's figures in Prometheus format, one registry per app (tests run several in one
 * process). Labels hold operation names and error codes, never ids or values.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly requests = new Counter({
    name: 'samenspel_graphql_requests_total',
    help: 'GraphQL operations executed, by operation name and transport.',
    labelNames: ['operation', 'transport'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'samenspel_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL operation, by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'samenspel_graphql_errors_total',
    help: 'Errors in GraphQL responses, by code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricSources = {}) {
    collectDefaultMetrics({ register: this.registry, prefix: 'samenspel_' });
    const { pool, jobs, subscriptions } = sources;
    new Gauge({
      name: 'samenspel_db_pool_connections',
      help: 'Database connections of this instance, by state (in_use, idle).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const figures = pool?.() ?? { total: 0, idle: 0, waiting: 0 };
        this.set({ state: 'in_use' }, figures.total - figures.idle);
        this.set({ state: 'idle' }, figures.idle);
      },
    });
    new Gauge({
      name: 'samenspel_db_pool_waiting',
      help: 'Requests waiting for a free database connection.',
      registers: [this.registry],
      collect() {
        this.set(pool?.().waiting ?? 0);
      },
    });
    new Gauge({
      name: 'samenspel_jobs',
      help: 'Jobs in the queue (all instances), by state (waiting, failed).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const figures = (await jobs?.()) ?? { waiting: 0, failed: 0 };
        this.set({ state: 'waiting' }, figures.waiting);
        this.set({ state: 'failed' }, figures.failed);
      },
    });
    new Gauge({
      name: 'samenspel_subscriptions_open',
      help: 'Subscriptions open on this instance.',
      registers: [this.registry],
      collect() {
        this.set(subscriptions?.() ?? 0);
      },
    });
  }

  /** The label for a client's operation name: anonymous ones and the unexpected share one. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (!OPERATION_NAME.test(name)) return '(other)';
    if (!this.names.has(name)) {
      if (this.names.size >= MAX_OPERATION_NAMES) return '(other)';
      this.names.add(name);
    }
    return name;
  }

  /** Counts an operation; returns its label. */
  operation(name: string | null | undefined, transport: 'http' | 'websocket', seconds: number): string {
    const operation = this.operationLabel(name);
    this.requests.inc({ operation, transport });
    this.duration.observe({ operation }, seconds);
    return operation;
  }

  error(code: unknown): void {
    this.errors.inc({ code: typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'OTHER' });
  }
}

/**
 * Who may read /metrics: with a token, whoever presents it as a bearer token; without one, nobody
 * in production (the figures tell an outsider how busy the region is) and anybody in development.
 */
export function mayScrape(req: IncomingMessage, token: string | undefined, production: boolean): boolean {
  if (!token) return !production;
  const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
