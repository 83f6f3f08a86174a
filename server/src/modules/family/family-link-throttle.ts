import { UnauthenticatedError } from '../../core/errors/errors.js';
import type { RequestDb } from '../../db/request-db.js';

/** Wrong links allowed per client address without delay, then a delay that doubles up to this cap. */
const FREE = 10;
const MAX_DELAY_SECONDS = 15 * 60;

/** Counts an attempt unless the address must wait; returns the seconds to wait, or null when counted. */
const RESERVE_SQL = `
  WITH attempt AS (
    INSERT INTO sign_in_throttle AS t (kind, subject, failures, last_failure_at, expires_at)
    VALUES ('FAMILY_LINK', $1, 1, now(), now() + interval '1 hour')
    ON CONFLICT (kind, subject) DO UPDATE
       SET failures = CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END,
           last_failure_at = now(), expires_at = now() + interval '1 hour'
     WHERE t.failures < ${FREE} OR t.last_failure_at < now() - interval '1 hour'
        OR now() >= t.last_failure_at + make_interval(secs => least(${MAX_DELAY_SECONDS}, 2 ^ least(t.failures - ${FREE}, 30)))
    RETURNING 1)
  SELECT CASE WHEN EXISTS (SELECT FROM attempt) THEN NULL
         ELSE (SELECT ceil(extract(epoch FROM t.last_failure_at
                 + make_interval(secs => least(${MAX_DELAY_SECONDS}, 2 ^ least(t.failures - ${FREE}, 30))) - now()))::int
                 FROM sign_in_throttle t WHERE t.kind = 'FAMILY_LINK' AND t.subject = $1) END AS wait`;

/**
 * Guessing family links (questionnaire and access links) is throttled per client address, on the
 * sign-in counters: an attempt counts as a failure and is committed before the token is looked up
 * (so parallel guesses see each other), and is undone when the token belonged to a link.
 */
export class FamilyLinkThrottle {
  constructor(
    private readonly db: RequestDb,
    private readonly address: string,
  ) {}

  /** Counts the attempt, or refuses it (UNAUTHENTICATED, reason THROTTLED, retryAfterSeconds). */
  async reserve(): Promise<void> {
    const [{ wait }] = await this.db.query<{ wait: number | null }>(RESERVE_SQL, [this.address]);
    if (wait !== null) {
      await this.db.end(false);
      const retryAfterSeconds = Math.max(wait, 1);
      throw new UnauthenticatedError(`Too many wrong links. Try again in ${retryAfterSeconds} seconds.`, {
        reason: 'THROTTLED',
        retryAfterSeconds,
      });
    }
    await this.db.releasedWhile(async () => undefined);
  }

  /** The token was a real link: the attempt no longer counts. */
  async succeeded(): Promise<void> {
    await this.db.query(
      `UPDATE sign_in_throttle SET failures = greatest(failures - 1, 0) WHERE kind = 'FAMILY_LINK' AND subject = $1`,
      [this.address],
    );
  }
}
