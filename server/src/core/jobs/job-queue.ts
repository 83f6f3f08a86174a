import pg from 'pg';
import { PgBoss, type Job, type Queue } from 'pg-boss';
import type { Logger } from '../logging/logger.js';
import type { DataSource } from 'typeorm';
import { RequestDb } from '../../db/request-db.js';

/** pg-boss keeps its tables in a schema of its own, owned by the table owner like ours. */
export const JOB_SCHEMA = 'pgboss';

/** Retries with exponential backoff: 30 s, 1 min, 2 min … at most an hour apart, then the job has failed. */
const RETRIES: Omit<Queue, 'name'> = { retryLimit: 5, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600 };

/**
 * Every queue the server uses. Queues are tables (partitions), so the owner creates them when the
 * database is prepared; the application role only reads and writes jobs.
 */
export const QUEUES: Record<string, Omit<Queue, 'name'>> = {
  'maintenance.purge-idempotency': { ...RETRIES, retryLimit: 2 },
  'account.mail': RETRIES,
  'notification.mail': RETRIES,
  'notification.digest': RETRIES,
  'notification.reminders': RETRIES,
  'notification.purge': RETRIES,
  'maintenance.retention': { ...RETRIES, retryLimit: 2 },
};

/**
 * Installs or upgrades pg-boss's schema and the queues as the owner, and lets the application role
 * use them: rows, and the two functions every instance calls (SECURITY INVOKER, so they run with the
 * role's own rights: `create_queue` of an existing queue only inserts nothing), never a table of its own.
 */
export async function installJobQueue(
  adminUrl: string,
  appRole: string,
  queues: Record<string, Omit<Queue, 'name'>> = QUEUES,
): Promise<void> {
  const boss = new PgBoss({
    connectionString: adminUrl,
    schema: JOB_SCHEMA,
    max: 1,
    supervise: false,
    schedule: false,
    application_name: 'samenspel-migrate',
  });
  let failure: unknown;
  boss.on('error', (error) => (failure ??= error));
  await boss.start();
  try {
    for (const [name, options] of Object.entries(queues)) {
      if (await boss.getQueue(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
    }
  } finally {
    await boss.stop({ graceful: false });
  }
  if (failure) throw failure;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${appRole};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${appRole};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${appRole};
      GRANT EXECUTE ON FUNCTION ${JOB_SCHEMA}.job_now(), ${JOB_SCHEMA}.create_queue(text, jsonb) TO ${appRole};`);
  } finally {
    await client.end();
  }
}

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

/** Runs `work` in one transaction on its own connection (a job has no request). */
export async function inJobTransaction<T>(dataSource: DataSource, work: (db: RequestDb) => Promise<T>): Promise<T> {
  const db = new RequestDb(dataSource);
  let ok = false;
  try {
    const result = await work(db);
    ok = true;
    return result;
  } finally {
    await db.end(ok);
  }
}

/**
 * The job queue of one server instance. Every instance works every queue; pg-boss hands a job to
 * one worker at a time (SKIP LOCKED), so with several instances each job still runs once.
 */
export class JobQueue {
  readonly boss: PgBoss;

  constructor(
    appUrl: string,
    private readonly logger: Logger,
    /** pg-boss's own connections (workers, maintenance), besides the request pool. */
    poolSize = 4,
  ) {
    this.boss = new PgBoss({
      connectionString: appUrl,
      schema: JOB_SCHEMA,
      max: poolSize,
      migrate: false,
      createSchema: false,
      application_name: 'samenspel-jobs',
    });
    this.boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
    this.boss.on('warning', (warning) => logger.warn({ warning: warning.message }, 'job queue warning'));
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }

  /** Runs `handler` for each job of the queue; a handler that throws has the job retried with backoff. */
  async work<T>(queue: string, handler: JobHandler<T>, pollingIntervalSeconds = 2): Promise<void> {
    await this.boss.work<T>(queue, { pollingIntervalSeconds }, async ([job]) => {
      const log = this.logger.child({ jobId: job.id, queue });
      try {
        await handler(job);
      } catch (error) {
        log.warn({ err: error }, 'job failed; it is retried later or marked failed');
        throw error;
      }
    });
  }

  /**
   * Enqueues a job in the request's own transaction: it exists only if the request commits, and
   * the request never waits for a second connection.
   */
  async send(db: RequestDb, queue: string, data: object): Promise<void> {
    await this.boss.send(queue, data, {
      db: { executeSql: async (text, values) => ({ rows: await db.query(text, values as unknown[]) }) },
    });
  }

  /** Runs `queue` periodically (cron, in UTC by default); pg-boss sends each due run once, whatever the instances. */
  async schedule(queue: string, cron: string, tz = 'Europe/Amsterdam'): Promise<void> {
    await this.boss.schedule(queue, cron, null, { tz });
  }

  /** Jobs waiting (all instances) and failed, for /metrics: counted now, not from pg-boss's periodic cache. */
  async counts(): Promise<{ waiting: number; failed: number }> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS waiting,
              count(*) FILTER (WHERE state = 'failed')::int AS failed
         FROM ${JOB_SCHEMA}.job WHERE name NOT LIKE '\\_\\_pgboss\\_\\_%'`,
    );
    return rows[0] as { waiting: number; failed: number };
  }
}
