import { UnauthenticatedError } from '../../core/errors/errors.js';
import type { RequestDb } from '../../db/request-db.js';

type Kind = 'ACCOUNT' | 'ADDRESS' | 'ACCOUNT_ADDRESS';

/**
 * Per counter: failures allowed without delay, then a delay that doubles per failure up to a cap.
 * The account-wide cap is low, so someone failing on an account from elsewhere cannot keep its
 * owner out; the long delays fall on the attacker's own address and pair.
 */
export const THROTTLE_POLICY: Record<Kind, { free: number; maxDelaySeconds: number }> = {
  ACCOUNT_ADDRESS: { free: 5, maxDelaySeconds: 15 * 60 },
  // low: a user signing in from an address it used before answers only to its own pair counter
  ADDRESS: { free: 10, maxDelaySeconds: 15 * 60 },
  ACCOUNT: { free: 10, maxDelaySeconds: 30 },
};
/** A counter starts again after this long without a failure. */
const FORGET = `interval '1 hour'`;
/** An address the account signed in from this recently answers only to its own pair counter. */
const TRUST = `interval '30 days'`;

const POLICY = `policy (kind, free, max_delay) AS (VALUES ${Object.entries(THROTTLE_POLICY)
  .map(([kind, p]) => `('${kind}', ${p.free}, ${p.maxDelaySeconds})`)
  .join(', ')})`;

/** When counter row `t` allows the next attempt. */
const waitUntil = (t: string) => `${t}.last_failure_at + (
  SELECT make_interval(secs => CASE WHEN ${t}.failures < p.free THEN 0
                                    ELSE least(p.max_delay, 2 ^ least(${t}.failures - p.free, 30)) END)
    FROM policy p WHERE p.kind = ${t}.kind)`;

/** The counters of an attempt ($1 e-mail, $2 address); for a trusted pair only the pair's own. */
const KEYS = `
  trusted AS (
    SELECT FROM sign_in_throttle
     WHERE kind = 'ACCOUNT_ADDRESS' AND subject = $1::text || ' ' || $2::text AND last_success_at > now() - ${TRUST}),
  key (kind, subject) AS (
    SELECT * FROM (VALUES ('ACCOUNT', $1::text), ('ADDRESS', $2::text), ('ACCOUNT_ADDRESS', $1 || ' ' || $2)) k (kind, subject)
     WHERE kind = 'ACCOUNT_ADDRESS' OR NOT EXISTS (SELECT FROM trusted))`;

/**
 * Counts the attempt on every counter that allows it, in one statement: rows are locked in key
 * order (no deadlocks), so parallel attempts take turns and each sees the ones before. A counter
 * that refuses is locked but left as it is and not returned.
 */
const RESERVE_SQL = `
  WITH ${POLICY}, ${KEYS}
  INSERT INTO sign_in_throttle AS t (kind, subject, failures, last_failure_at, expires_at)
  SELECT kind, subject, 1, now(), now() + ${FORGET} FROM key ORDER BY kind, subject
  ON CONFLICT (kind, subject) DO UPDATE
     SET failures = CASE WHEN t.last_failure_at < now() - ${FORGET} THEN 1 ELSE t.failures + 1 END,
         last_failure_at = now(),
         expires_at = greatest(t.expires_at, now() + ${FORGET})
   WHERE now() >= ${waitUntil('t')}
  RETURNING kind, (SELECT count(*) FROM key)::int AS keys`;

/** Seconds until every refusing counter of the attempt allows it again ($3: the kinds counted). */
const WAIT_SQL = `
  WITH ${POLICY}, ${KEYS}
  SELECT ceil(extract(epoch FROM max(${waitUntil('t')}) - now()))::int AS seconds
    FROM sign_in_throttle t JOIN key USING (kind, subject)
   WHERE NOT t.kind = ANY ($3::text[])`;

/** A right password: the attempt no longer counts, and the pair becomes trusted. Locks in key order too. */
const SUCCEEDED_SQL = `
  UPDATE sign_in_throttle
     SET failures = CASE WHEN kind = 'ACCOUNT_ADDRESS' THEN 0 ELSE greatest(failures - 1, 0) END,
         last_success_at = CASE WHEN kind = 'ACCOUNT_ADDRESS' THEN now() ELSE last_success_at END,
         expires_at = CASE WHEN kind = 'ACCOUNT_ADDRESS' THEN greatest(expires_at, now() + ${TRUST}) ELSE expires_at END
   WHERE (kind, subject) IN (
     SELECT kind, subject FROM sign_in_throttle
      WHERE kind = ANY ($3::text[])
        AND subject = CASE kind WHEN 'ACCOUNT' THEN $1::text WHEN 'ADDRESS' THEN $2::text ELSE $1 || ' ' || $2 END
      ORDER BY kind, subject FOR UPDATE)`;

/** A few expired counters go with every attempt, so the table holds about the last hour's attempts. */
const PURGE_SQL = `
  DELETE FROM sign_in_throttle WHERE (kind, subject) IN (
    SELECT kind, subject FROM sign_in_throttle WHERE expires_at < now()
     ORDER BY expires_at LIMIT 20 FOR UPDATE SKIP LOCKED)`;

/** An attempt that passed the throttle; settle it once the password is checked. */
export interface Reservation {
  email: string;
  address: string;
  kinds: Kind[];
}

/**
 * Throttles sign-in per account, per client address and per account-and-address pair with
 * increasing delays and no lock-out. An attempt is counted as failed before its password is
 * checked and undone when it was right, so a burst of parallel attempts cannot race past.
 */
export class SignInThrottle {
  constructor(private readonly db: RequestDb) {}

  /**
   * Counts the attempt, or refuses it (UNAUTHENTICATED, reason THROTTLED, retryAfterSeconds) after
   * rolling back, so a refused attempt counts nowhere. The caller commits the count before it checks
   * the password, so that parallel attempts see it at once and the slow check holds no lock.
   */
  async reserve(email: string, address: string): Promise<Reservation> {
    this.db.afterEnd(PURGE_SQL);
    const counted = await this.db.query<{ kind: Kind; keys: number }>(RESERVE_SQL, [email, address]);
    const kinds = counted.map((row) => row.kind);
    if (kinds.length === 0 || kinds.length < counted[0].keys) {
      const [{ seconds }] = await this.db.query<{ seconds: number | null }>(WAIT_SQL, [email, address, kinds]);
      await this.db.end(false);
      const retryAfterSeconds = Math.max(seconds ?? 1, 1);
      const unit = retryAfterSeconds === 1 ? 'second' : 'seconds';
      throw new UnauthenticatedError(`Too many failed sign-in attempts. Try again in ${retryAfterSeconds} ${unit}.`, {
        reason: 'THROTTLED',
        retryAfterSeconds,
      });
    }
    return { email, address, kinds };
  }

  /** The password was right: the attempt no longer counts against the account or the address. */
  async succeeded({ email, address, kinds }: Reservation): Promise<void> {
    await this.db.query(SUCCEEDED_SQL, [email, address, kinds]);
  }
}
