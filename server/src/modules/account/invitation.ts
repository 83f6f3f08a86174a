import type { OrganisationKind, Role } from '../../core/auth/roles.js';
import { hashToken, newToken } from '../auth/auth.service.js';
import type { Mail } from '../mail/mailer.js';
import { invitationLink, invitationMail } from './account.mails.js';

/** Runs one statement: the request's transaction, or the operator's own connection (npm run admin). */
export type RunSql = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export interface InvitationRequest {
  email: string;
  name?: string | null;
  roles: Role[];
  organisationKind: OrganisationKind;
  organisationId: string;
  /** null: the operator's command, for the first administrator. */
  invitedBy: string | null;
  days: number;
}

export interface InvitationRow {
  id: string;
  email: string;
  roles: Role[];
  expiresAt: Date;
}

const COLUMN: Record<OrganisationKind, string> = {
  REGION: 'region_id',
  MUNICIPALITY: 'municipality_id',
  PROVIDER: 'provider_id',
};

/** The kind of organisation an id names, or undefined. */
export async function organisationKindOf(run: RunSql, id: string): Promise<OrganisationKind | undefined> {
  const [row] = await run<{ kind: OrganisationKind }>(
    `SELECT 'REGION' AS kind FROM region WHERE id = $1 UNION ALL SELECT 'MUNICIPALITY' FROM municipality WHERE id = $1
     UNION ALL SELECT 'PROVIDER' FROM provider WHERE id = $1`,
    [id],
  );
  return row?.kind;
}

/** Records an invitation whose link is the one with `tokenHash`. */
export async function insertInvitation(
  run: RunSql,
  request: InvitationRequest,
  tokenHash: Buffer,
): Promise<InvitationRow> {
  const [invitation] = await run<InvitationRow>(
    `INSERT INTO user_invitation (token_hash, email, name, roles, organisation_kind, ${COLUMN[request.organisationKind]}, invited_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(days => $8))
     RETURNING id, email, roles, expires_at AS "expiresAt"`,
    [
      tokenHash,
      request.email,
      request.name ?? null,
      request.roles,
      request.organisationKind,
      request.organisationId,
      request.invitedBy,
      request.days,
    ],
  );
  return invitation;
}

/**
 * The operator's invitation (npm run admin): recorded with a fresh one-time token, and the mail
 * that carries its link, which the command prints and sends itself.
 */
export async function createInvitation(
  run: RunSql,
  request: InvitationRequest,
  publicUrl: string,
): Promise<{ invitation: InvitationRow; mail: Mail }> {
  const token = newToken();
  const invitation = await insertInvitation(run, request, hashToken(token));
  return {
    invitation,
    mail: invitationMail(request.email, invitationLink(publicUrl, token), new Date(invitation.expiresAt)),
  };
}
