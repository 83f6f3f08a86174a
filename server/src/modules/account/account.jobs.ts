import type { DataSource } from 'typeorm';
import { inJobTransaction, type JobQueue } from '../../core/jobs/job-queue.js';
import type { RequestDb } from '../../db/request-db.js';
import { hashToken, newToken } from '../auth/auth.service.js';
import type { Mail, SendMail } from '../mail/mailer.js';
import { invitationLink, invitationMail, passwordResetMail, resetLink } from './account.mails.js';

export const ACCOUNT_MAIL_QUEUE = 'account.mail';

/** Which link to mail: the job holds ids only, never a token or an address. */
export type AccountMailJob = { invitationId: string } | { resetId: string };

/**
 * The mail of a link that is still open, with a fresh token (the hash replaced in the database);
 * nothing when the link was used or expired in the meantime.
 */
async function linkMail(db: RequestDb, job: AccountMailJob, publicUrl: string): Promise<Mail | undefined> {
  const token = newToken();
  if ('invitationId' in job) {
    const [open] = await db.query<{ email: string; expiresAt: Date }>(
      `SELECT email, expires_at AS "expiresAt" FROM access.renew_invitation_token($1, $2)`,
      [job.invitationId, hashToken(token)],
    );
    return open && invitationMail(open.email, invitationLink(publicUrl, token), new Date(open.expiresAt));
  }
  const [open] = await db.query<{ email: string }>(`SELECT email FROM access.renew_reset_token($1, $2)`, [
    job.resetId,
    hashToken(token),
  ]);
  return open && passwordResetMail(open.email, resetLink(publicUrl, token));
}

/** Sends invitation and reset mails; a failed send is retried with backoff, with a newer link. */
export async function startAccountMailJobs(
  jobs: JobQueue,
  dataSource: DataSource,
  sendMail: SendMail,
  publicUrl: string,
): Promise<void> {
  await jobs.work<AccountMailJob>(ACCOUNT_MAIL_QUEUE, async ({ data }) => {
    const mail = await inJobTransaction(dataSource, (db) => linkMail(db, data, publicUrl));
    if (mail) await sendMail(mail);
  });
}
