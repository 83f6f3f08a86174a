import { ADMIN_ROLES, Role, ROLES_OF_KIND, type OrganisationKind } from '../../core/auth/roles.js';
import { actAsUser, actOnInvitation } from '../../core/access/rls.js';
import type { AccessScope } from '../../core/access/scope.js';
import { hashPassword, verifyPassword } from '../../core/auth/password.js';
import { BadUserInputError, DomainError, NotFoundError } from '../../core/errors/errors.js';
import { decodeCursor, keysetConnection } from '../../core/graphql/keyset-cursor.js';
import type { JobQueue } from '../../core/jobs/job-queue.js';
import type { RequestDb } from '../../db/request-db.js';
import {
  hashToken,
  newToken,
  type AuthService,
  type LoginOutcome,
  type SessionSettings,
} from '../auth/auth.service.js';
import { SignInThrottle } from '../auth/sign-in-throttle.js';
import type { InviteUserInput, TotpSetup, UserConnection, UserRow } from './account.types.js';
import { ACCOUNT_MAIL_QUEUE, type AccountMailJob } from './account.jobs.js';
import { insertInvitation, organisationKindOf, type InvitationRow, type RunSql } from './invitation.js';
import { assertAcceptablePassword } from './password-policy.js';
import {
  newTotpSecret,
  openTotpSecret,
  otpauthUrl,
  replaceRecoveryCodes,
  sealTotpSecret,
  totpStep,
} from './second-factor.js';

/** `vault` seals the authenticator secrets. */
export interface AccountSettings extends Pick<SessionSettings, 'vault'> {
  /** The portal's address: the base of every link in a mail. */
  publicUrl: string;
  invitationDays: number;
  /** Invitation and reset mails go out through the job queue (with retries), after the request commits. */
  jobs: JobQueue;
}

/** How long a password reset link works. */
const RESET_HOURS = 1;

const USER = `
  u.id, u.email, u.name, u.roles, u.active, u.last_sign_in_at AS "lastSignInAt",
  u.totp_secret IS NOT NULL AS "secondFactorEnabled", u.organisation_kind AS "organisationKind",
  coalesce(u.region_id, u.municipality_id, u.provider_id) AS "organisationId"`;

const linkNotValid = (field: string) => BadUserInputError.field(field, 'LINK_NOT_VALID');

/**
 * Accounts: invitations (the only way in), deactivation, passwords and the second factor.
 * A region administrator manages everyone; a provider administrator the staff of its provider.
 */
export class AccountService {
  private readonly run: RunSql = (sql, params) => this.db.query(sql, params);

  constructor(
    private readonly db: RequestDb,
    private readonly scope: AccessScope,
    private readonly auth: AuthService,
    private readonly settings: AccountSettings,
  ) {}

  /** Who the viewer administers: everyone (region) or its provider's users; FORBIDDEN otherwise. */
  private administered(params: unknown[]): string {
    const viewer = this.scope.requireRole(...ADMIN_ROLES);
    if (this.scope.hasRole(Role.REGION_ADMIN)) return 'true';
    return `u.provider_id = $${params.push(viewer.providerId)}`;
  }

  async users(first = 20, after?: string | null): Promise<UserConnection> {
    const params: unknown[] = [];
    const where = [this.administered(params)];
    const [{ count }] = await this.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM app_user u WHERE ${where.join(' AND ')}`,
      [...params],
    );
    if (after) {
      const cursor = decodeCursor(after);
      where.push(
        `(u.created_at, u.id) < ($${params.push(cursor.moment)}::timestamptz, $${params.push(cursor.id)}::uuid)`,
      );
    }
    const rows = await this.db.query<UserRow & { cursorKey: string }>(
      `SELECT ${USER}, u.created_at::text AS "cursorKey" FROM app_user u
        WHERE ${where.join(' AND ')} ORDER BY u.created_at DESC, u.id DESC LIMIT $${params.push(first + 1)}`,
      params,
    );
    return keysetConnection(rows, first, 'cursorKey', count);
  }

  /** Invites someone into an organisation the viewer administers, and mails the one-time link. */
  async inviteUser(input: InviteUserInput): Promise<InvitationRow> {
    const viewer = this.scope.requireRole(...ADMIN_ROLES);
    const organisationId = input.organisationId ?? viewer.organisationId;
    const kind: OrganisationKind | undefined =
      organisationId === viewer.organisationId
        ? viewer.organisationKind
        : await organisationKindOf(this.run, organisationId);
    if (!kind) throw BadUserInputError.field('input.organisationId', 'UNKNOWN', { what: 'organisation' });
    if (!this.scope.hasRole(Role.REGION_ADMIN) && organisationId !== viewer.providerId)
      throw new DomainError('FORBIDDEN', 'A provider administrator invites only into its own organisation.');
    const roles = [...new Set(input.roles)];
    if (roles.some((role) => !ROLES_OF_KIND[kind].includes(role)))
      throw BadUserInputError.field('input.roles', 'ROLES_NOT_FOR_ORGANISATION');
    const email = input.email.trim();
    if (await this.db.one(`SELECT 1 FROM app_user WHERE lower(email) = lower($1)`, [email]))
      throw BadUserInputError.field('input.email', 'EMAIL_TAKEN');
    // the queued job gives the link its token when it mails it: this one is never told to anyone
    const invitation = await insertInvitation(
      this.run,
      {
        email,
        name: input.name?.trim(),
        roles,
        organisationKind: kind,
        organisationId,
        invitedBy: viewer.id,
        days: this.settings.invitationDays,
      },
      hashToken(newToken()),
    );
    await this.settings.jobs.send(this.db, ACCOUNT_MAIL_QUEUE, {
      invitationId: invitation.id,
    } satisfies AccountMailJob);
    return invitation;
  }

  /** Creates the invited account (the link works once, until it expires) and signs it in. */
  async acceptInvitation(token: string, name: string, password: string): Promise<LoginOutcome> {
    const found = await this.db.one<{ id: string }>(`SELECT id FROM user_invitation WHERE token_hash = $1`, [
      hashToken(token),
    ]);
    if (!found) throw linkNotValid('input.token');
    await actOnInvitation(this.db, found.id);
    // locked: of two acceptances at once, the second finds it accepted
    const invitation = await this.db.one<{ email: string }>(
      `SELECT email FROM user_invitation WHERE id = $1 AND accepted_at IS NULL AND expires_at > now() FOR UPDATE`,
      [found.id],
    );
    if (!invitation || (await this.db.one(`SELECT 1 FROM app_user WHERE lower(email) = lower($1)`, [invitation.email])))
      throw linkNotValid('input.token');
    assertAcceptablePassword('input.password', password, invitation.email);
    const [user] = await this.db.query<{ id: string }>(
      `INSERT INTO app_user (email, name, password_hash, organisation_kind, region_id, municipality_id, provider_id, roles)
       SELECT email, $2, $3, organisation_kind, region_id, municipality_id, provider_id, roles
         FROM user_invitation WHERE id = $1
       RETURNING id`,
      [found.id, name.trim(), await hashPassword(password)],
    );
    await this.db.query(`UPDATE user_invitation SET accepted_at = now() WHERE id = $1`, [found.id]);
    return this.auth.startSession(user.id);
  }

  /** Deactivates a user the viewer administers; every session of it ends at once. */
  async deactivateUser(id: string): Promise<UserRow> {
    const viewer = this.scope.requireViewer();
    const params: unknown[] = [id];
    const where = this.administered(params);
    if (id === viewer.id) throw BadUserInputError.field('id', 'CANNOT_DEACTIVATE_YOURSELF');
    const user = await this.db.one<UserRow>(
      `UPDATE app_user u SET active = false WHERE u.id = $1 AND ${where} RETURNING ${USER}`,
      params,
    );
    if (!user) throw new NotFoundError('The user');
    await this.auth.endSessions(id);
    return user;
  }

  /** A new password for the signed-in user, who proves the current one; its other sessions end. */
  async changePassword(currentPassword: string, newPassword: string, address: string, token: string) {
    const viewer = this.scope.requireViewer();
    assertAcceptablePassword('input.newPassword', newPassword, viewer.email);
    await this.assertCurrentPassword('input.currentPassword', currentPassword, address);
    await this.db.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      viewer.id,
      await hashPassword(newPassword),
    ]);
    await this.auth.endSessions(viewer.id, token);
    return true;
  }

  /**
   * The viewer's own password, proved again for a change of its sign-in; guesses are throttled like
   * sign-ins. The slow check ends the transaction: what follows acts as the user (its own row) only.
   */
  private async assertCurrentPassword(field: string, password: string, address: string): Promise<void> {
    const viewer = this.scope.requireViewer();
    const throttle = new SignInThrottle(this.db);
    const reservation = await throttle.reserve(viewer.email.toLowerCase(), address);
    const row = await this.db.one<{ hash: string }>(`SELECT password_hash AS hash FROM app_user WHERE id = $1`, [
      viewer.id,
    ]);
    if (!(await this.db.releasedWhile(() => verifyPassword(row!.hash, password))))
      throw BadUserInputError.field(field, 'PASSWORD_INCORRECT');
    await throttle.succeeded(reservation);
    await actAsUser(this.db, viewer.id);
  }

  /**
   * Mails a reset link when the address belongs to an active account. The answer is the same
   * either way, and so is the work before it: the mail is queued, not sent while the client waits.
   */
  async requestPasswordReset(email: string): Promise<boolean> {
    if (email.length > 254) throw BadUserInputError.field('email', 'TOO_LONG', { max: 254 });
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) throw BadUserInputError.field('email', 'NOT_AN_EMAIL');
    const [reset] = await this.db.query<{ id: string }>(
      `INSERT INTO password_reset (token_hash, user_id, expires_at)
       SELECT $2, id, now() + make_interval(hours => $3) FROM app_user WHERE lower(email) = lower($1) AND active
       RETURNING id`,
      [email.trim(), hashToken(newToken()), RESET_HOURS],
    );
    // as with invitations, the queued job gives the link its token when it mails it
    if (reset)
      await this.settings.jobs.send(this.db, ACCOUNT_MAIL_QUEUE, { resetId: reset.id } satisfies AccountMailJob);
    return true;
  }

  /** Sets a new password through a reset link (once, within the hour); every session of the user ends. */
  async resetPassword(token: string, newPassword: string): Promise<boolean> {
    const reset = await this.db.one<{ id: string; userId: string; email: string }>(
      `SELECT r.id, r.user_id AS "userId", u.email FROM password_reset r JOIN app_user u ON u.id = r.user_id AND u.active
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() FOR UPDATE OF r`,
      [hashToken(token)],
    );
    if (!reset) throw linkNotValid('input.token');
    assertAcceptablePassword('input.newPassword', newPassword, reset.email);
    await actAsUser(this.db, reset.userId);
    await this.db.query(`UPDATE password_reset SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [
      reset.userId,
    ]);
    await this.db.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      reset.userId,
      await hashPassword(newPassword),
    ]);
    await this.auth.endSessions(reset.userId);
    return true;
  }

  /**
   * A new authenticator secret for the viewer; the current one (if any) stays until it is confirmed.
   * Replacing an active second factor needs the password: a session alone (say, a borrowed laptop)
   * must not be able to move someone's second factor to another phone.
   */
  async startTotpSetup(currentPassword: string | null | undefined, address: string): Promise<TotpSetup> {
    const viewer = this.scope.requireViewer();
    if (viewer.secondFactorEnabled) {
      if (!currentPassword) throw BadUserInputError.field('currentPassword', 'REQUIRED_TO_REPLACE_SECOND_FACTOR');
      if (currentPassword.length > 1000) throw BadUserInputError.field('currentPassword', 'TOO_LONG', { max: 1000 });
      await this.assertCurrentPassword('currentPassword', currentPassword, address);
    }
    const secret = newTotpSecret();
    await this.db.query(`UPDATE app_user SET totp_pending_secret = $2 WHERE id = $1`, [
      viewer.id,
      sealTotpSecret(this.settings.vault, secret),
    ]);
    return { secret, otpauthUrl: otpauthUrl(secret, viewer.email) };
  }

  /** Activates the secret with a code from the app (throttled like passwords); returns ten recovery codes. */
  async confirmTotpSetup(code: string, address: string): Promise<string[]> {
    const viewer = this.scope.requireViewer();
    if (code.length > 100) throw BadUserInputError.field('code', 'TOO_LONG', { max: 100 });
    const row = await this.db.one<{ secret: string | null }>(
      `SELECT totp_pending_secret AS secret FROM app_user WHERE id = $1`,
      [viewer.id],
    );
    if (!row?.secret) throw BadUserInputError.field('code', 'NO_SETUP_STARTED');
    const throttle = new SignInThrottle(this.db);
    const reservation = await throttle.reserve(viewer.email.toLowerCase(), address);
    // the attempt's count is committed before the code is checked
    const { secret } = openTotpSecret(this.settings.vault, row.secret);
    const step = await this.db.releasedWhile(() => totpStep(secret, code.trim(), null));
    if (step === null) throw BadUserInputError.field('code', 'CODE_INCORRECT');
    await throttle.succeeded(reservation);
    await actAsUser(this.db, viewer.id);
    await this.db.query(
      `UPDATE app_user SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2 WHERE id = $1`,
      [viewer.id, step],
    );
    return replaceRecoveryCodes(this.db, viewer.id);
  }

  /** The organisations whose users all need a second factor (for the region administrator). */
  async secondFactorRequirements(): Promise<string[]> {
    this.scope.requireRole(Role.REGION_ADMIN);
    const rows = await this.db.query<{ id: string }>(
      `SELECT organisation_id AS id FROM second_factor_requirement ORDER BY organisation_id`,
    );
    return rows.map((row) => row.id);
  }

  /** A region administrator requires (or stops requiring) a second factor of an organisation's users. */
  async requireSecondFactor(organisationId: string, required: boolean): Promise<boolean> {
    const viewer = this.scope.requireRole(Role.REGION_ADMIN);
    if (!(await organisationKindOf(this.run, organisationId)))
      throw BadUserInputError.field('input.organisationId', 'UNKNOWN', { what: 'organisation' });
    await this.db.query(
      required
        ? `INSERT INTO second_factor_requirement (organisation_id, required_by) VALUES ($1, $2) ON CONFLICT DO NOTHING`
        : `DELETE FROM second_factor_requirement WHERE organisation_id = $1 AND $2::uuid IS NOT NULL`,
      [organisationId, viewer.id],
    );
    return required;
  }
}
