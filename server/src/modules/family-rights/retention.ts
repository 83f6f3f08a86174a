import type { DataSource } from 'typeorm';
import type { JobQueue } from '../../core/jobs/job-queue.js';
import type { Logger } from '../../core/logging/logger.js';

/** Jeugdwet art. 7.3.10: a youth-care record is kept 20 years from when it was made (access.erase_past_retention). */
export const RETENTION_YEARS = 20;

export const RETENTION_QUEUE = 'maintenance.retention';

export interface RetentionReport {
  /** Youths whose personal data this run erased. */
  erased: string[];
  /** Youths past the period that are kept because a legal hold applies (an open trajectory). */
  held: string[];
}

/**
 * The retention run: erases the personal data of every youth whose newest record is older than
 * the retention period, counted back from now, in one statement (so one transaction). Safe to
 * repeat: an erased youth is not looked at again. `query` runs a statement and gives its rows: the
 * owner's connection (npm run retention) or the application's (the nightly job) alike.
 */
export async function eraseRecordsPastRetention(
  query: (sql: string) => Promise<{ youthId: string; outcome: string }[]>,
): Promise<RetentionReport> {
  const rows = await query(
    `SELECT erased_youth_id AS "youthId", outcome FROM access.erase_past_retention() ORDER BY erased_youth_id`,
  );
  return {
    erased: rows.filter((r) => r.outcome === 'ERASED').map((r) => r.youthId),
    held: rows.filter((r) => r.outcome === 'LEGAL_HOLD').map((r) => r.youthId),
  };
}

/** The retention run every night at 03:00 in Amsterdam; its log line counts, it names nobody. */
export async function startRetentionJob(jobs: JobQueue, dataSource: DataSource, logger: Logger): Promise<void> {
  await jobs.work(RETENTION_QUEUE, async () => {
    const report = await eraseRecordsPastRetention((sql) => dataSource.query(sql));
    logger.info({ erased: report.erased.length, legalHold: report.held.length }, 'retention run');
  });
  await jobs.schedule(RETENTION_QUEUE, '0 3 * * *');
}
