import type pg from 'pg';

/** Jeugdwet art. 7.3.10: a youth-care record is kept 20 years from when it was made. */
export const RETENTION_YEARS = 20;

export interface RetentionReport {
  /** The moment the period was counted back from. */
  at: Date;
  /** Youths whose personal data this run erased. */
  erased: string[];
  /** Youths past the period that are kept because a legal hold applies (an open trajectory). */
  held: string[];
}

/**
 * The retention run: erases the personal data of every youth whose newest record (the youth
 * itself, a referral, any activity on or closing of a trajectory) is older than the retention
 * period. Safe to repeat: an erased youth is not looked at again. Runs as the table owner (the
 * command line, or later a nightly job); each youth is erased by access.erase_youth, like an
 * erasure on the family's request.
 */
export async function eraseRecordsPastRetention(db: pg.ClientBase, at: Date = new Date()): Promise<RetentionReport> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT y.id FROM youth y
      WHERE y.erased_at IS NULL
        AND greatest(y.created_at, (SELECT max(greatest(t.referred_at, t.last_activity_at, t.closed_at))
                                      FROM trajectory t WHERE t.youth_id = y.id)) < $1::timestamptz - make_interval(years => $2)
      ORDER BY y.id`,
    [at, RETENTION_YEARS],
  );
  const report: RetentionReport = { at, erased: [], held: [] };
  for (const { id } of rows) {
    const { rows: outcome } = await db.query<{ outcome: string }>(`SELECT access.erase_youth($1, $2) AS outcome`, [
      id,
      `Bewaartermijn van ${RETENTION_YEARS} jaar verstreken (Jeugdwet art. 7.3.10)`,
    ]);
    if (outcome[0].outcome === 'ERASED') report.erased.push(id);
    else if (outcome[0].outcome === 'LEGAL_HOLD') report.held.push(id);
  }
  return report;
}
