import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/core/logging/logger.js';
import { RETENTION_QUEUE } from '../../../server/src/modules/family-rights/retention.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * The retention run (Jeugdwet art. 7.3.10, 20 years from when a record was made) on a data set
 * whose youths' newest records lie on either side of the period: the nightly job (a real server's
 * pg-boss queue, as the application role) erases exactly the older ones, keeps an old youth with an
 * open trajectory (legal hold), and a second run from the command line erases nothing.
 */

let db: TestDatabase;
let owner: pg.Client;
let server: TestApp;
/** The server's log lines (JSON). */
const logged: Record<string, unknown>[] = [];
const AT = new Date();
/** Youths (with only ended trajectories) placed in time: newest record this many days past 20 years. */
const PAST = { longAgo: 4000, justPast: 1, justWithin: -1, wellWithin: -400 } as const;
type Age = keyof typeof PAST;
let placed: Record<Age, string[]>;
let heldYouth: string;

/** Moves all records of `youths` so the newest lies `days` days before the start of the retention period. */
async function place(youths: string[], days: number): Promise<void> {
  const newest = `$2::timestamptz - interval '20 years' - make_interval(days => $3)`;
  await owner.query(
    `UPDATE trajectory SET referred_at = ${newest} - interval '300 days',
            started_at = CASE WHEN started_at IS NULL THEN NULL ELSE ${newest} - interval '200 days' END,
            closed_at = ${newest}, last_activity_at = ${newest}
      WHERE youth_id = ANY ($1)`,
    [youths, AT, days],
  );
  await owner.query(`UPDATE youth SET created_at = ${newest} - interval '300 days' WHERE id = ANY ($1)`, [
    youths,
    AT,
    days,
  ]);
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = new pg.Client({ connectionString: db.adminUrl });
  await owner.connect();
  const ended = (
    await owner.query<{ id: string }>(
      `SELECT y.id FROM youth y WHERE NOT EXISTS (
         SELECT 1 FROM trajectory t WHERE t.youth_id = y.id AND (t.status NOT IN ('CLOSED', 'CANCELLED') OR t.closed_at IS NULL))
         AND EXISTS (SELECT 1 FROM trajectory t WHERE t.youth_id = y.id)
       ORDER BY y.id LIMIT 20`,
    )
  ).rows.map((r) => r.id);
  expect(ended.length).toBe(20);
  placed = {
    longAgo: ended.slice(0, 5),
    justPast: ended.slice(5, 10),
    justWithin: ended.slice(10, 15),
    wellWithin: ended.slice(15),
  };
  for (const [age, youths] of Object.entries(placed)) await place(youths, PAST[age as Age]);
  // an old youth whose trajectory is still open: kept under a legal hold
  const open = (await owner.query(`SELECT youth_id FROM trajectory WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`))
    .rows[0];
  heldYouth = open.youth_id;
  await owner.query(
    `UPDATE trajectory SET referred_at = referred_at - interval '25 years', started_at = started_at - interval '25 years',
            last_activity_at = last_activity_at - interval '25 years' WHERE youth_id = $1`,
    [heldYouth],
  );
  await owner.query(`UPDATE youth SET created_at = created_at - interval '25 years' WHERE id = $1`, [heldYouth]);
  // nothing else in the data set is near the end of its period
  const oldest = (
    await owner.query(
      `SELECT min(greatest(y.created_at, (SELECT max(greatest(t.referred_at, t.last_activity_at, t.closed_at)) FROM trajectory t WHERE t.youth_id = y.id))) AS at
         FROM youth y WHERE NOT (y.id = ANY ($1))`,
      [[...ended, heldYouth]],
    )
  ).rows[0].at as Date;
  expect(oldest.getTime()).toBeGreaterThan(AT.getTime() - 19 * 365 * 86_400_000);
  server = await startTestApp({
    database: db,
    logger: createLogger('info', { write: (line: string) => void logged.push(JSON.parse(line)) }),
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await owner?.end();
  await db?.drop();
});

const erasedYouths = async () =>
  (await owner.query<{ id: string }>(`SELECT id FROM youth WHERE erased_at IS NOT NULL ORDER BY id`)).rows.map(
    (r) => r.id,
  );

describe('the retention run', () => {
  it('runs nightly on the job queue and erases exactly the youths whose newest record is older than 20 years, keeping one under a legal hold', async () => {
    const schedule = await owner.query(`SELECT cron, timezone FROM pgboss.schedule WHERE name = $1`, [RETENTION_QUEUE]);
    expect(schedule.rows).toEqual([{ cron: '0 3 * * *', timezone: 'Europe/Amsterdam' }]);
    // tonight's run, now
    const job = await server.app.jobs.boss.send(RETENTION_QUEUE, {});
    await waitUntil(async () => {
      const { rows } = await owner.query(`SELECT state FROM pgboss.job WHERE id = $1`, [job]);
      return rows[0]?.state === 'completed';
    });
    const expected = [...placed.longAgo, ...placed.justPast].sort();
    expect(await erasedYouths()).toEqual(expected);
    const left = await owner.query(`SELECT count(*)::int AS n FROM youth WHERE id = ANY ($1) AND initials IS NULL`, [
      [...placed.justWithin, ...placed.wellWithin, heldYouth],
    ]);
    expect(left.rows[0].n).toBe(0);
    // it reports what it erased, by number only: no youth is named in the log
    const line = logged.find((l) => l.msg === 'retention run');
    expect(line).toMatchObject({ erased: expected.length, legalHold: 1 });
    const log = JSON.stringify(logged);
    for (const id of [...expected, heldYouth]) expect(log).not.toContain(id);
  });

  it('is safe to repeat from the command line: it erases nothing more and says so', async () => {
    const before = await erasedYouths();
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/tsx',
      ['server/src/tools/retention.ts', '--database-url', db.adminUrl],
      { env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    expect(stdout).toContain('erased 0 youths');
    expect(stdout).toContain(`legal hold ${heldYouth}`);
    expect(await erasedYouths()).toEqual(before);
  });
});
