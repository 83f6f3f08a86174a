import { Role } from '../../core/auth/roles.js';
import type { AccessScope } from '../../core/access/scope.js';
import { JOB_SCHEMA } from '../../core/jobs/job-queue.js';
import type { RequestDb } from '../../db/request-db.js';

/** A job that kept failing, as the region administrator sees it: what kind, when, how often tried, why. */
export interface FailedJobRow {
  id: string;
  queue: string;
  attempts: number;
  createdAt: Date;
  failedAt: Date | null;
  error: string | null;
}

export class JobsService {
  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
  ) {}

  /** Jobs whose retries ran out, newest first: for the region administrator only. */
  async failed(limit = 100): Promise<FailedJobRow[]> {
    this.scope.requireRole(Role.REGION_ADMIN);
    return this.db.query<FailedJobRow>(
      `SELECT id, name AS queue, retry_count + 1 AS attempts, created_on AS "createdAt", completed_on AS "failedAt",
              left(coalesce(output->>'message', output::text), 300) AS error
         FROM ${JOB_SCHEMA}.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT $1`,
      [limit],
    );
  }
}
