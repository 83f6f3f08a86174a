import type { RequestDb } from '../../db/request-db.js';

/**
 * Row-level security for someone not signed in who proved a one-time token: the rest of the
 * transaction may act on that one invitation (create its account) or that one user (reset its
 * password, record its sign-in). Transaction-local, like the viewer's own settings.
 */
export async function actOnInvitation(db: RequestDb, invitationId: string): Promise<void> {
  await db.query(`SELECT set_config('app.invitation_id', $1, true)`, [invitationId]);
}

export async function actAsUser(db: RequestDb, userId: string): Promise<void> {
  await db.query(`SELECT set_config('app.user_id', $1, true)`, [userId]);
}
