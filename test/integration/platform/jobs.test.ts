import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installJobQueue } from '../../../server/src/core/jobs/job-queue.js';
import { APP_ROLE } from '../../../server/src/db/database.js';
import { RequestDb } from '../../../server/src/db/request-db.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { waitUntil } from '../helpers/wait.js';

// The job queue in PostgreSQL: two server instances on one database run each job once, and a job
// that keeps failing is shown to the region administrator.

let db: TestDatabase;
let first: TestApp;
let second: TestApp;
beforeAll(async () => {
  db = await createTestDatabase();
  // queues of this test only, created by the owner as the server's own are
  await installJobQueue(db.adminUrl, APP_ROLE, {
    'test.once': { retryLimit: 0 },
    'test.failing': { retryLimit: 1, retryDelay: 1, retryBackoff: false },
  });
  first = await startTestApp({ database: db });
  second = await startTestApp({ database: db });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await db?.drop();
});

const FAILED_JOBS = `{ failedJobs { id queue attempts createdAt failedAt error } }`;

describe('jobs', () => {
  it('with two server instances on one database every job runs exactly once', async () => {
    const runs: { instance: string; id: string }[] = [];
    for (const [instance, t] of [
      ['first', first],
      ['second', second],
    ] as const)
      await t.app.jobs.work<{ n: number }>('test.once', async (job) => void runs.push({ instance, id: job.id }), 0.5);
    const ids = [];
    for (let n = 0; n < 30; n++) ids.push(await first.app.jobs.boss.send('test.once', { n }));
    await waitUntil(async () => {
      const { rows } = await first.admin.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.once' AND state = 'completed'`,
      );
      return rows[0].n === 30;
    });
    expect(runs.map((run) => run.id).sort()).toEqual([...ids].sort());
  });

  it('a job enqueued in a request exists only when the request commits', async () => {
    const committed = new RequestDb(first.app.dataSource);
    await first.app.jobs.send(committed, 'test.failing', { kept: true });
    await committed.end(true);
    const rolledBack = new RequestDb(first.app.dataSource);
    await first.app.jobs.send(rolledBack, 'test.failing', { kept: false });
    await rolledBack.end(false);
    const { rows } = await first.admin.query(`SELECT data FROM pgboss.job WHERE name = 'test.failing'`);
    expect(rows.map((row) => row.data)).toEqual([{ kept: true }]);
  });

  it('a job that keeps failing (the one the committed request enqueued) is retried and then listed for the region administrator, for nobody else', async () => {
    await second.app.jobs.work('test.failing', async () => {
      throw new Error('mail server refused the message');
    });
    const admin = second.as('admin@h10.example');
    await waitUntil(async () => (await admin(FAILED_JOBS)).data?.failedJobs.length === 1);
    const { data } = await admin(FAILED_JOBS);
    expect(data?.failedJobs[0]).toMatchObject({
      queue: 'test.failing',
      attempts: 2,
      error: 'mail server refused the message',
    });
    const staff = await first.as('lokaalteam@denhaag.example')(FAILED_JOBS);
    expect(staff.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const metrics = await (await fetch(`${first.url}/metrics`)).text();
    expect(metrics).toMatch(/samenspel_jobs\{state="failed"\} 1\n/);
  });
});
