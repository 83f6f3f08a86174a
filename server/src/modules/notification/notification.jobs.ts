import type { DataSource } from 'typeorm';
import { addDays, today } from '../../core/dates.js';
import { inJobTransaction, type JobQueue } from '../../core/jobs/job-queue.js';
import type { SendMail } from '../mail/mailer.js';
import { MAIL_QUEUE, notifier, type NotificationMailJob } from './notification.service.js';
import { NotificationKind } from './notification.types.js';

const DIGEST_QUEUE = 'notification.digest';
const REMINDER_QUEUE = 'notification.reminders';
const PURGE_QUEUE = 'notification.purge';

/** What waits, in Dutch and English: the only thing a mail says besides its link. */
const WHAT: Record<NotificationKind, [nl: string, en: string]> = {
  NEW_REFERRAL: ['Er is een nieuwe verwijzing voor uw organisatie', 'There is a new referral for your organisation'],
  NEW_INTAKE: [
    'Er is een nieuwe aanmelding in intake bij uw organisatie',
    'There is a new intake for your organisation',
  ],
  INTAKE_DEADLINE_TOMORROW: ['Morgen verloopt de intaketermijn van een aanmelding', 'An intake deadline is tomorrow'],
  EXPERTISE_REQUESTED: [
    'Uw organisatie heeft een expertiseverzoek ontvangen',
    'Your organisation received an expertise request',
  ],
  EXPERTISE_ANSWERED: [
    'Een expertiseverzoek van uw organisatie is beantwoord',
    'An expertise request of yours was answered',
  ],
  TRANSFER_OFFERED: ['Uw organisatie krijgt een overdracht aangeboden', 'A transfer is offered to your organisation'],
  PIC_PROPOSAL_TO_DECIDE: [
    'Er wacht een voorstel voor een andere PIC op uw besluit',
    'A PIC proposal waits for your decision',
  ],
  IMPROVEMENT_PLAN_REQUIRED: [
    'Er wordt een verbeterplan van uw organisatie gevraagd',
    'An improvement plan is required',
  ],
  IMPROVEMENT_PLAN_OVERDUE: ['Een gevraagd verbeterplan is over de termijn', 'A required improvement plan is overdue'],
};

const FOOTER =
  'Log in op Samenspel om te zien waar het om gaat. Deze e-mail bevat bewust geen gegevens over personen.\n' +
  'Sign in to Samenspel to see what it is about. This e-mail deliberately holds no personal data.';

/** A mail that names only kinds of things and links into the portal, where signing in is required. */
export function notificationMail(job: NotificationMailJob, publicUrl: string) {
  const base = publicUrl.replace(/\/$/, '');
  if ('digest' in job) {
    const link = `${base}/notifications`;
    const lines = job.digest.map((kind) => `- ${WHAT[kind][0]} / ${WHAT[kind][1]}`);
    return {
      subject: 'Samenspel: wat er voor u klaarstaat / what waits for you',
      text: `${lines.join('\n')}\n\n${link}\n\n${FOOTER}\n`,
      link,
    };
  }
  const [nl, en] = WHAT[job.kind];
  const link = `${base}${job.linkPath}`;
  return { subject: `Samenspel: ${nl}`, text: `${nl}.\n${en}.\n\n${link}\n\n${FOOTER}\n`, link };
}

/**
 * The notification jobs of one instance: mails, the daily digest and the daily reminders, and at
 * night the purge of long-read notifications. The digest and reminders run at 07:00 in Amsterdam; pg-boss sends each due run once, whatever the instances,
 * and a digest or reminder run is one transaction, so a retry never sends twice.
 */
export async function startNotificationJobs(
  jobs: JobQueue,
  dataSource: DataSource,
  sendMail: SendMail,
  publicUrl: string,
): Promise<void> {
  await jobs.work<NotificationMailJob>(MAIL_QUEUE, async ({ data }) => {
    const user = await dataSource.query(`SELECT email FROM app_user WHERE id = $1 AND active`, [data.userId]);
    if (!user.length) return; // deactivated since: nobody to tell
    await sendMail({ to: user[0].email, ...notificationMail(data, publicUrl) });
  });
  await jobs.work(DIGEST_QUEUE, () => runDigest(jobs, dataSource));
  await jobs.work(REMINDER_QUEUE, () => runReminders(jobs, dataSource));
  await jobs.schedule(DIGEST_QUEUE, '0 7 * * *');
  await jobs.schedule(REMINDER_QUEUE, '0 7 * * *');
  await jobs.work(PURGE_QUEUE, async () => void (await purgeReadNotifications(dataSource)));
  await jobs.schedule(PURGE_QUEUE, '30 3 * * *');
}

/** Removes notifications read more than 90 days ago; the number removed. */
export async function purgeReadNotifications(dataSource: DataSource): Promise<number> {
  const [{ removed }] = await dataSource.query(`SELECT access.purge_read_notifications() AS removed`);
  return removed;
}

/** Takes every unread digest notification once and enqueues one mail per user. */
export function runDigest(jobs: JobQueue, dataSource: DataSource): Promise<void> {
  return inJobTransaction(dataSource, async (db) => {
    const digests = await db.query<{ userId: string; kinds: NotificationKind[] }>(
      `SELECT user_id AS "userId", kinds FROM access.take_digests()`,
    );
    for (const { userId, kinds } of digests)
      await jobs.send(db, MAIL_QUEUE, { userId, digest: kinds } satisfies NotificationMailJob);
  });
}

/** Today's reminders: intakes whose deadline is tomorrow, improvement plans that became overdue today. */
export function runReminders(jobs: JobQueue, dataSource: DataSource, day = today()): Promise<void> {
  return inJobTransaction(dataSource, async (db) => {
    const notify = notifier(db, jobs);
    const intakes = await db.query<{ trajectoryId: string; providerId: string }>(
      `SELECT trajectory_id AS "trajectoryId", provider_id AS "providerId" FROM access.intake_deadlines_on($1)`,
      [addDays(day, 1)],
    );
    for (const { trajectoryId, providerId } of intakes)
      await notify(providerId, NotificationKind.INTAKE_DEADLINE_TOMORROW, `/trajectories/${trajectoryId}`);
    const plans = await db.query<{ planId: string; providerId: string }>(
      `SELECT plan_id AS "planId", provider_id AS "providerId" FROM access.improvement_plans_overdue_since($1)`,
      [day],
    );
    for (const { planId, providerId } of plans)
      await notify(providerId, NotificationKind.IMPROVEMENT_PLAN_OVERDUE, `/improvement-plans/${planId}`);
  });
}
