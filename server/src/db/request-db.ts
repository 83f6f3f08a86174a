import { createHash } from 'node:crypto';
import type { PoolClient, QueryConfig } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { UnavailableError } from '../core/errors/errors.js';
import type { Logger } from '../core/logging/logger.js';
import { isPoolWaitTimeout } from './database.js';
import { logFailedQuery, logSlowQuery, SLOW_QUERY_MS } from './db-logger.js';

/** A statement's name for pg: named after its text, so one name never stands for two texts on a connection. */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `s_${createHash('sha1').update(sql).digest('base64url')}`;
    statementNames.set(sql, name);
  }
  return name;
}
/** Names of the statements prepared so far: few texts (see `query`), each hashed once per process. */
const statementNames = new Map<string, string>();

/** Settings applied with `set_config(name, value, true)`: they end with the transaction. */
export type SessionSettings = Record<string, string>;

/**
 * One request's view of the database: a single transaction on one pooled connection, opened on
 * first use, carrying the viewer's settings for row-level security (transaction-local, so a
 * connection never carries them into another request). A request that sent a mutation which erred
 * is rolled back as a whole (one mutation per request), so a refused change writes nothing.
 * Everything the request does in the database, bookkeeping included, runs on this connection: a
 * request never waits for a second connection while it holds one. A wait for a free connection is
 * bounded (the pool's wait); when it runs out the request is UNAVAILABLE. The connection comes from
 * TypeORM's pool; statements go to its pg client directly (TypeORM's query wrapper cost a fifth of
 * a request's Node time), counted and logged here.
 */
export class RequestDb {
  /**
   * SQL statements of this request's transaction; `afterEnd` bookkeeping is left out, since whether
   * it runs depends on the clock, not on the operation.
   */
  statementCount = 0;
  /** Set while `afterEnd` statements run: they are not counted. */
  private inBookkeeping = false;
  /** Set when no pool connection became free in time: the request is answered UNAVAILABLE (503). */
  unavailable = false;
  private runner?: Promise<{ runner: QueryRunner; client: PoolClient }>;
  /** Set when the request must not commit (a mutation that reported an error). */
  private rollbackOnly = false;
  private afterEndStatements: { sql: string; params: unknown[] }[] = [];
  /** The request's logger (it carries the request id), for lines about its statements. */
  log?: Logger;
  /** Where failures of `afterEnd` statements are reported. */
  onAfterEndError: (error: unknown) => void = () => undefined;
  /** One connection runs one statement at a time: concurrent resolvers queue here. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SessionSettings = {},
    /**
     * Reads (queries) run in one snapshot, so a row cannot vanish between two statements of the
     * same answer when access changes meanwhile; mutations keep READ COMMITTED and lock rows.
     */
    private readonly isolation: 'READ COMMITTED' | 'REPEATABLE READ' = 'READ COMMITTED',
  ) {}

  private open(): Promise<{ runner: QueryRunner; client: PoolClient }> {
    this.runner ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      let client: PoolClient;
      try {
        client = (await runner.connect()) as PoolClient;
      } catch (error) {
        await runner.release().catch(() => undefined);
        if (!isPoolWaitTimeout(error)) throw error;
        this.unavailable = true;
        throw new UnavailableError();
      }
      try {
        await this.send(client, { text: `START TRANSACTION ISOLATION LEVEL ${this.isolation}` });
        const names = Object.keys(this.settings);
        if (names.length) {
          const calls = names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ');
          await this.send(client, { text: `SELECT ${calls}`, values: names.flatMap((n) => [n, this.settings[n]]) });
        }
      } catch (error) {
        await runner.release().catch(() => undefined);
        throw error;
      }
      return { runner, client };
    })();
    return this.runner;
  }

  /** Sends one statement on the request's connection: counted, and logged when it fails or is slow. */
  private async send<T>(client: PoolClient, statement: QueryConfig): Promise<T[]> {
    if (!this.inBookkeeping) this.statementCount++;
    const started = performance.now();
    try {
      // pg copies a config object (property descriptors and all) on every call; a bare text it does not
      const result = statement.name
        ? await client.query(statement)
        : await client.query(statement.text, statement.values);
      return result.rows as T[];
    } catch (error) {
      logFailedQuery(this.log, error, statement);
      throw error;
    } finally {
      const ms = performance.now() - started;
      if (ms > SLOW_QUERY_MS) logSlowQuery(this.log, Math.round(ms), statement);
    }
  }

  /**
   * Runs one statement. `prepared`: as a named prepared statement of its connection, so that
   * PostgreSQL plans it once per connection instead of on every request (for the statements every
   * request or a busy page sends, whose planning costs more than running them). Only for SQL of
   * which a request builds a bounded number of variants: each stays prepared on its connection.
   */
  async query<T = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    options: { prepared?: boolean } = {},
  ): Promise<T[]> {
    const { client } = await this.open();
    const statement = options.prepared
      ? { name: statementName(sql), text: sql, values: params }
      : { text: sql, values: params };
    const run = this.tail.then(() => this.send<T>(client, statement));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The first row, or undefined. */
  async one<T = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    options: { prepared?: boolean } = {},
  ): Promise<T | undefined> {
    return (await this.query<T>(sql, params, options))[0];
  }

  /** The request's writes will be rolled back instead of committed. */
  markForRollback(): void {
    this.rollbackOnly = true;
  }

  /** True unless the request was marked for rollback. */
  get willCommit(): boolean {
    return !this.rollbackOnly;
  }

  /**
   * A statement to run after the transaction ends (committed or not), on the request's own
   * connection before it goes back to the pool: bookkeeping that must never make the request wait
   * for a second connection while it holds one (e.g. refreshing a session's last use). A failure
   * is reported to `onAfterEndError` and never fails the request.
   */
  afterEnd(sql: string, params: unknown[] = []): void {
    this.afterEndStatements.push({ sql, params });
  }

  /**
   * Runs slow work that needs no database (verifying a password) without holding a pool
   * connection: the transaction so far ends (committed unless marked for rollback; keep it to reads
   * and writes that stand anyway), its connection goes back to the pool, and the next statement
   * starts a new transaction on a connection taken then. Never two connections at once.
   */
  async releasedWhile<T>(work: () => Promise<T>): Promise<T> {
    await this.end(true);
    return work();
  }

  /** Commits (or rolls back) and returns the connection to the pool. Safe to call twice. */
  async end(commit = true): Promise<void> {
    if (!this.runner) return;
    const pending = this.runner;
    this.runner = undefined;
    let runner: QueryRunner, client: PoolClient;
    try {
      ({ runner, client } = await pending);
    } catch {
      return; // never opened
    }
    try {
      await this.tail; // statements still queued finish first
      await this.send(client, { text: commit && !this.rollbackOnly ? 'COMMIT' : 'ROLLBACK' });
      this.inBookkeeping = true;
      for (const { sql, params } of this.afterEndStatements.splice(0)) {
        await this.send(client, { text: sql, values: params }).catch((error: unknown) => this.onAfterEndError(error));
      }
    } finally {
      this.inBookkeeping = false; // a request that ended early (releasedWhile) counts on
      await runner.release().catch(() => undefined);
    }
  }
}
