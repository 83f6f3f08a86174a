import pg from 'pg';
import { Role, ROLES_OF_KIND } from '../../core/auth/roles.js';
import type { SendMail } from '../mail/mailer.js';
import { createInvitation, organisationKindOf, type InvitationRow, type RunSql } from './invitation.js';

export interface OperatorInvitation {
  email: string;
  role: Role;
  /** Default for a region administrator: the region. */
  organisationId?: string;
  /** Only when the installation has no account and no open invitation yet (the variable at start). */
  onlyFirst?: boolean;
}

export interface OperatorSettings {
  publicUrl: string;
  invitationDays: number;
  sendMail: SendMail;
}

/**
 * The operator's way in (npm run admin -- invite, ADMIN_INVITE_EMAIL): an invitation made as the
 * table owner, mailed, and its link returned for the console (also when the mail could not be sent:
 * `mailError` says why). Null when `onlyFirst` finds the installation already has an account or an
 * open invitation.
 */
export async function inviteAsOperator(
  ownerUrl: string,
  request: OperatorInvitation,
  settings: OperatorSettings,
): Promise<{ invitation: InvitationRow; link: string; mailError?: string } | null> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'samenspel-admin' });
  client.on('error', () => undefined);
  await client.connect();
  const run: RunSql = async <T>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as T[];
  try {
    await client.query('BEGIN');
    if (request.onlyFirst) {
      // one start at a time decides; a restart does not invite again
      await client.query(`LOCK TABLE user_invitation IN SHARE ROW EXCLUSIVE MODE`);
      const [{ taken }] = await run<{ taken: boolean }>(
        `SELECT EXISTS (SELECT FROM app_user) OR EXISTS (SELECT FROM user_invitation WHERE accepted_at IS NULL AND expires_at > now()) AS taken`,
        [],
      );
      if (taken) {
        await client.query('ROLLBACK');
        return null;
      }
    }
    const organisationId =
      request.organisationId ??
      (request.role === Role.REGION_ADMIN
        ? (await run<{ id: string }>(`SELECT id FROM region ORDER BY name LIMIT 1`, []))[0]?.id
        : undefined);
    if (!organisationId) throw new Error(`--organisation is required for the role ${request.role}`);
    const kind = await organisationKindOf(run, organisationId);
    if (!kind) throw new Error(`there is no region, municipality or provider with id ${organisationId}`);
    if (!ROLES_OF_KIND[kind].includes(request.role))
      throw new Error(`the role ${request.role} does not fit a ${kind.toLowerCase()}`);
    if ((await run(`SELECT 1 FROM app_user WHERE lower(email) = lower($1)`, [request.email])).length)
      throw new Error(`${request.email} already has an account`);
    const { invitation, mail } = await createInvitation(
      run,
      {
        email: request.email,
        roles: [request.role],
        organisationKind: kind,
        organisationId,
        invitedBy: null,
        days: settings.invitationDays,
      },
      settings.publicUrl,
    );
    await client.query('COMMIT');
    const mailError = await settings.sendMail(mail).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    return { invitation, link: mail.link, ...(mailError ? { mailError } : {}) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
