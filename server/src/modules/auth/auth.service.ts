import { createHash, randomBytes } from 'node:crypto';
import type { Viewer } from '../../core/auth/roles.js';
import type { BsnVault } from '../../core/bsn/vault.js';
import { dummyPasswordHash, verifyPassword } from '../../core/auth/password.js';
import { UnauthenticatedError } from '../../core/errors/errors.js';
import type { RequestDb } from '../../db/request-db.js';
import { actAsUser } from '../../core/access/rls.js';
import { openTotpSecret, sealTotpSecret, totpStep, useRecoveryCode } from '../account/second-factor.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** A bearer token (session, invitation, reset, family link): 32 random bytes; only its hash is stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * The viewer's columns, and (as a side effect of the same statement) the transaction-local settings
 * row-level security reads. `FROM` must bind the user as `u`.
 */
const viewerSelect = (adminSecondFactor: boolean) => `
  u.id, u.email, u.name, u.roles, u.organisation_kind AS "organisationKind",
  u.totp_secret IS NOT NULL AS "secondFactorEnabled",
  u.totp_secret IS NULL AND (
    ${adminSecondFactor ? `u.roles && ARRAY['REGION_ADMIN', 'PROVIDER_ADMIN'] OR` : ''}
    EXISTS (SELECT FROM second_factor_requirement q
             WHERE q.organisation_id = coalesce(u.region_id, u.municipality_id, u.provider_id))
  ) AS "secondFactorSetupRequired",
  u.region_id AS "regionId", u.municipality_id AS "municipalityId", u.provider_id AS "providerId",
  coalesce(u.region_id, u.municipality_id, u.provider_id) AS "organisationId",
  coalesce(r.name, m.name, p.name) AS "organisationName",
  set_config('app.user_id', u.id::text, true),
  set_config('app.roles', array_to_string(u.roles, ','), true),
  set_config('app.provider_id', coalesce(u.provider_id::text, ''), true),
  set_config('app.municipality_id', coalesce(u.municipality_id::text, ''), true)`;
const ORGANISATION_JOINS = `
  LEFT JOIN region r ON r.id = u.region_id
  LEFT JOIN municipality m ON m.id = u.municipality_id
  LEFT JOIN provider p ON p.id = u.provider_id`;

type ViewerRow = Viewer & Record<string, unknown>;

function toViewer(row: ViewerRow): Viewer {
  const {
    id,
    email,
    name,
    roles,
    organisationKind,
    organisationId,
    organisationName,
    regionId,
    municipalityId,
    providerId,
    secondFactorEnabled,
    secondFactorSetupRequired,
  } = row;
  return {
    id,
    email,
    name,
    roles,
    organisationKind,
    organisationId,
    organisationName,
    regionId,
    municipalityId,
    providerId,
    secondFactorEnabled,
    secondFactorSetupRequired,
  };
}

export interface SessionSettings {
  /** A session ends after this many minutes without use... */
  sessionIdleMinutes: number;
  /** ...and this many hours after sign-in, however busy. */
  sessionMaxHours: number;
  /** Administrators need a second factor (besides the organisations that require one). */
  adminSecondFactor?: boolean;
  /** Seals the users' authenticator secrets at rest. */
  vault: BsnVault;
}

export interface LoginOutcome {
  token: string;
  viewer: Viewer;
}

/** Sign-in, sessions and throttling. Sessions live in PostgreSQL so instances share them. */
export class AuthService {
  constructor(
    private readonly db: RequestDb,
    private readonly sessions: SessionSettings,
  ) {}

  private get viewerColumns(): string {
    return viewerSelect(this.sessions.adminSecondFactor ?? false);
  }

  /**
   * The viewer of a session token, or null when the token is unknown, revoked, past its absolute
   * end or idle too long.
   * One statement: it checks the session, refreshes its last use (at most once a minute), loads
   * the user and sets the row-level security settings for the rest of the transaction.
   */
  async viewerOfToken(token: string): Promise<Viewer | null> {
    const row = await this.db.one<ViewerRow & { sessionId: string; stale: boolean }>(
      `SELECT ${this.viewerColumns}, s.id AS "sessionId", s.last_seen_at < now() - interval '1 minute' AS stale
         FROM user_session s JOIN app_user u ON u.id = s.user_id AND u.active ${ORGANISATION_JOINS}
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2)`,
      [hashToken(token), this.sessions.sessionIdleMinutes],
      { prepared: true },
    );
    if (!row) return null;
    // Refreshed at most once a minute, after the request's transaction on its own connection: a
    // read never writes the session row in its snapshot, the request never waits for a second pool
    // connection, and concurrent requests of one session skip a row another is refreshing.
    if (row.stale) {
      this.db.afterEnd(
        `UPDATE user_session SET last_seen_at = now()
          WHERE id = (SELECT id FROM user_session WHERE id = $1 FOR UPDATE SKIP LOCKED)`,
        [row.sessionId],
      );
    }
    return toViewer(row);
  }

  /** The viewer by user id (for subscription events), also setting the RLS settings. */
  async viewerById(userId: string): Promise<Viewer | null> {
    const row = await this.db.one<ViewerRow>(
      `SELECT ${this.viewerColumns} FROM app_user u ${ORGANISATION_JOINS} WHERE u.id = $1 AND u.active`,
      [userId],
    );
    return row ? toViewer(row) : null;
  }

  async login(email: string, password: string, address: string, totpCode?: string | null): Promise<LoginOutcome> {
    const normalized = email.trim().toLowerCase();
    const throttle = new SignInThrottle(this.db);
    const reservation = await throttle.reserve(normalized, address);
    const user = await this.db.one<{ id: string; password_hash: string }>(
      `SELECT id, password_hash FROM app_user WHERE lower(email) = $1 AND active`,
      [normalized],
    );
    // The attempt counts from here on, for parallel attempts too (its count is committed); the slow
    // check below holds no lock and no pool connection. A wrong password has nothing more to write.
    const valid = await this.db.releasedWhile(async () =>
      verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password),
    );
    if (!user || !valid) throw new UnauthenticatedError('The e-mail address or password is not correct.');
    // A missing or wrong second factor leaves the attempt counted: codes are throttled like passwords.
    await this.assertSecondFactor(user.id, totpCode);
    await throttle.succeeded(reservation);
    return this.startSession(user.id);
  }

  /**
   * The code of the user's authenticator app (each time step once) or one of its unused recovery
   * codes, when it has a second factor; UNAUTHENTICATED with reason SECOND_FACTOR_REQUIRED when the
   * code is missing, so a client can ask for it.
   */
  private async assertSecondFactor(userId: string, code?: string | null): Promise<void> {
    const factor = await this.db.one<{ secret: string | null; lastStep: string | null }>(
      `SELECT totp_secret AS secret, totp_last_step::text AS "lastStep" FROM app_user WHERE id = $1`,
      [userId],
    );
    if (!factor?.secret) return;
    if (!code?.trim())
      throw new UnauthenticatedError('Enter the code from your authenticator app.', {
        reason: 'SECOND_FACTOR_REQUIRED',
      });
    await actAsUser(this.db, userId);
    const { secret, sealed } = openTotpSecret(this.sessions.vault, factor.secret);
    const step = await totpStep(secret, code.trim(), factor.lastStep === null ? null : Number(factor.lastStep));
    // a secret set up before secrets were sealed is sealed at its first use
    const accepted =
      step !== null
        ? (
            await this.db.query(
              `UPDATE app_user SET totp_last_step = $2, totp_secret = coalesce($3, totp_secret)
                WHERE id = $1 AND coalesce(totp_last_step, -1) < $2 RETURNING 1`,
              [userId, step, sealed ? null : sealTotpSecret(this.sessions.vault, secret)],
            )
          ).length > 0
        : await useRecoveryCode(this.db, userId, code.trim());
    if (!accepted) throw new UnauthenticatedError('The code is not correct.', { reason: 'SECOND_FACTOR_REQUIRED' });
  }

  /** A new session for a user who proved who it is; records the sign-in. */
  async startSession(userId: string): Promise<LoginOutcome> {
    const token = newToken();
    await this.db.query(
      `INSERT INTO user_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
      [hashToken(token), userId, this.sessions.sessionMaxHours],
    );
    const viewer = await this.viewerById(userId);
    await this.db.query(`UPDATE app_user SET last_sign_in_at = now() WHERE id = $1`, [userId]);
    return { token, viewer: viewer! };
  }

  /** Revokes the session server-side; the token is useless afterwards, wherever it was copied. */
  async logout(token: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE user_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING id`,
      [hashToken(token)],
    );
    return rows.length > 0;
  }

  /** Revokes every session of the user: each browser and API token, wherever it was copied. */
  async logoutEverywhere(userId: string): Promise<number> {
    return this.endSessions(userId);
  }

  /** Revokes the user's sessions, all or all but the one of `keepToken`; returns how many were open. */
  async endSessions(userId: string, keepToken?: string): Promise<number> {
    const rows = await this.db.query(
      `UPDATE user_session SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::bytea IS NULL OR token_hash <> $2) RETURNING id`,
      [userId, keepToken ? hashToken(keepToken) : null],
    );
    return rows.length;
  }
}
