import type pg from 'pg';

/**
 * Tables whose rows may change although the request was refused, by design:
 * - sign_in_throttle: a sign-in attempt is counted before its password is checked, so throttling
 *   counts a wrong one.
 */
export const CHANGES_ON_REFUSAL = new Set(['sign_in_throttle']);

/**
 * Columns that may change on a refused request, by design: a session's last use is refreshed (at most
 * once a minute) by any request, also one refused before its operation ran; a link's token hash is
 * renewed by the job that mails it.
 */
const ROW_EXPRESSIONS: Record<string, string> = {
  'public.user_session': `hashtextextended(x.id::text || coalesce(x.revoked_at::text, ''), 0)`,
  // a queued invitation or reset mail (from an earlier call) gives its link a fresh token when it is sent
  'public.user_invitation': `hashtextextended(x.id::text || coalesce(x.accepted_at::text, ''), 0)`,
  'public.password_reset': `hashtextextended(x.id::text || coalesce(x.used_at::text, ''), 0)`,
  // jobs change state as the instances work them (a mail enqueued by an earlier call is sent): only
  // a new job, one a request enqueued, counts as its write
};

/**
 * The job queue's schema (pg-boss) is written by its own supervisor on its own clock (maintenance,
 * monitoring, periodic jobs and its own '__pgboss__send-it' jobs when a schedule is due, workers
 * taking and finishing jobs). What a request can add there is a job: the jobs of the queues that are
 * neither periodic nor pg-boss's own are counted instead of every table's rows.
 */
const JOB_QUEUE_SCHEMA = 'pgboss';
const REQUESTED_JOBS = `SELECT 'pgboss.job (requested)' AS t, count(*)::text AS f FROM pgboss.job x
  WHERE x.name NOT IN (SELECT s.name FROM pgboss.schedule s) AND x.name NOT LIKE '\\_\\_pgboss\\_\\_%'`;

export type Fingerprint = Record<string, string>;

let cachedSql: string | undefined;

/** One statement over every table: its row count and the newest transaction that wrote one of its rows. */
async function fingerprintSql(db: pg.Pool): Promise<string> {
  if (cachedSql) return cachedSql;
  const { rows } = await db.query<{ schema: string; name: string }>(
    `SELECT schemaname AS schema, tablename AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const parts = rows
    .filter((t) => !CHANGES_ON_REFUSAL.has(t.name) && t.name !== 'migrations' && t.schema !== JOB_QUEUE_SCHEMA)
    .map((t) => {
      const name = `${t.schema}.${t.name}`;
      // Every committed insert or update leaves a row with a newer xmin; a delete lowers the count.
      const rows = ROW_EXPRESSIONS[name]
        ? `coalesce(sum(${ROW_EXPRESSIONS[name]}), 0)`
        : `coalesce(max(x.xmin::text::bigint), 0)`;
      return `SELECT '${name}' AS t, count(*) || ':' || ${rows} AS f FROM "${t.schema}"."${t.name}" x`;
    });
  if (rows.some((t) => t.schema === JOB_QUEUE_SCHEMA)) parts.push(REQUESTED_JOBS);
  cachedSql = parts.join('\nUNION ALL\n');
  return cachedSql;
}

/** A fingerprint of the whole database: equal before and after means nothing was written. */
export async function fingerprint(db: pg.Pool): Promise<Fingerprint> {
  const { rows } = await db.query<{ t: string; f: string }>(await fingerprintSql(db));
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).sort();
}
