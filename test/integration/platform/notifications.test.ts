import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../../server/src/core/dates.js';
import { purgeReadNotifications, runDigest } from '../../../server/src/modules/notification/notification.jobs.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';
import {
  accept,
  currentPic,
  DEN_HAAG,
  ESCAMP,
  providerId,
  refer,
  REQUEST_EXPERTISE,
  RESPOND,
} from '../helpers/care.js';
import { startInbox, type Inbox, type ReceivedMail } from '../helpers/smtp.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';
import { waitUntil } from '../helpers/wait.js';

// Notifications reach people by real SMTP, name only what kind of thing waits and link into the
// portal (no initials, no birth date), follow each user's choice, and with two server instances on
// one database every mail goes out once.

const PUBLIC_URL = 'https://samenspel.test';
const INITIALS = 'Q.X.';
const BIRTH_DATE = '2011-03-17';
/** Every way the youth could be recognised in a mail. */
const PERSONAL = [INITIALS, 'QX', 'Q. X.', BIRTH_DATE, '17-03-2011', '17/03/2011', '17 maart', 'March 17'];

let db: TestDatabase;
let inbox: Inbox;
let first: TestApp;
let second: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  db = await createTestDatabase();
  inbox = await startInbox();
  first = await startTestApp({ database: db, sendMail: inbox.sendMail, publicUrl: PUBLIC_URL });
  second = await startTestApp({ database: db, sendMail: inbox.sendMail, publicUrl: PUBLIC_URL });
  // requests go to both instances; both work the queues
  referrer = first.as('lokaalteam@denhaag.example');
  jeugdformaat = second.as('staff@jeugdformaat.example');
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await inbox?.close();
  await db?.drop();
});

const taken = new Set<ReceivedMail>();
/** The mail to `to` about `path` (waiting for it), checked for personal data. */
async function mailTo(to: string, path: string, subject: RegExp): Promise<ReceivedMail> {
  const link = `${PUBLIC_URL}${path}`;
  const find = () =>
    inbox.received.find((m) => m.to === to && m.link === link && subject.test(m.subject) && !taken.has(m));
  await waitUntil(find);
  const mail = find()!;
  taken.add(mail);
  for (const personal of PERSONAL) {
    expect(mail.subject).not.toContain(personal);
    expect(mail.text).not.toContain(personal);
  }
  return mail;
}

/** Waits until no notification mail is waiting or running: what was to be sent has been. */
const mailsDone = () =>
  waitUntil(async () => {
    const { rows } = await first.admin.query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notification.mail' AND state IN ('created', 'retry', 'active')`,
    );
    return rows[0].n === 0;
  });

const NOTIFICATIONS = `{ notifications(first: 50) { unreadCount items { id kind linkPath readAt } } }`;
const SET = `mutation($input: SetNotificationPreferenceInput!) { setNotificationPreference(input: $input) { kind channel } }`;

describe('notifications', () => {
  it('each kind arrives by SMTP with only what waits and a link, never the youth’s initials or birth date', async () => {
    // a new referral for the organisation
    const referred = await refer(referrer, { initials: INITIALS, birthDate: BIRTH_DATE });
    await mailTo('staff@jeugdformaat.example', `/trajectories/${referred.id}`, /nieuwe verwijzing/);
    await mailTo('admin@jeugdformaat.example', `/trajectories/${referred.id}`, /nieuwe verwijzing/);

    // a PIC proposal for the referring municipality to decide
    await accept(jeugdformaat, referred.id);
    const proposed = await jeugdformaat(
      `mutation($input: ProposeOtherPicInput!) { proposeOtherPic(input: $input) { id } }`,
      {
        input: {
          trajectoryId: referred.id,
          picId: currentPic('P03'),
          reason: `Q.X. (${BIRTH_DATE}) past beter bij P03`,
        },
      },
    );
    expect(proposed.errors).toBeUndefined();
    await mailTo('lokaalteam@denhaag.example', `/trajectories/${referred.id}`, /PIC/);

    // an expertise request received, then answered
    const requested = await jeugdformaat(REQUEST_EXPERTISE, {
      input: {
        trajectoryId: referred.id,
        providerId: providerId('duinzicht'),
        mode: 'CONSULTATION',
        question: 'Q.X.?',
      },
    });
    expect(requested.errors).toBeUndefined();
    await mailTo('staff@duinzicht.example', '/inbox', /expertiseverzoek ontvangen/);
    const answered = await first.as('staff@duinzicht.example')(RESPOND, {
      input: { id: requested.data!.requestExpertise.id, accept: true },
    });
    expect(answered.errors).toBeUndefined();
    await mailTo('staff@jeugdformaat.example', `/trajectories/${referred.id}`, /beantwoord/);

    // a transfer offered
    const offered = await jeugdformaat(
      `mutation($input: TransferResponsibilityInput!) { transferResponsibility(input: $input) { id } }`,
      { input: { trajectoryId: referred.id, toProviderId: providerId('parnassia'), reason: 'Past beter' } },
    );
    expect(offered.errors).toBeUndefined();
    await mailTo('staff@parnassia.example', `/trajectories/${referred.id}`, /overdracht/);

    // a new intake for the consortium's lead, and its deadline tomorrow
    const intake = await referrer(
      `mutation($input: ReferToConsortiumInput!) { referToConsortium(input: $input) { id responsibleProvider { id } } }`,
      {
        input: {
          youthInitials: INITIALS,
          youthBirthDate: BIRTH_DATE,
          municipalityId: DEN_HAAG,
          areaId: ESCAMP,
          referrerType: 'LOCAL_TEAM',
          picId: currentPic('P02'),
          question: 'Somber.',
          context: 'Moeder en twee kinderen.',
          goals: [{ kind: 'SOCIETAL', description: 'Heeft weer vrienden' }],
        },
      },
    );
    expect(intake.errors).toBeUndefined();
    const intakeId = intake.data!.referToConsortium.id;
    const lead = intake.data!.referToConsortium.responsibleProvider.id;
    const leadStaff = lead === providerId('jeugdformaat') ? 'staff@jeugdformaat.example' : 'staff@incluzio.example';
    await mailTo(leadStaff, `/trajectories/${intakeId}`, /intake/);

    // an improvement plan required
    const plan = await first.as('contractmanager@denhaag.example')(
      `mutation($input: RequireImprovementPlanInput!) { requireImprovementPlan(input: $input) { id } }`,
      {
        input: {
          providerId: providerId('jeugdformaat'),
          reason: 'Zwaardere intensiteiten',
          dueDate: addDays(today(), 30),
        },
      },
    );
    expect(plan.errors).toBeUndefined();
    const planId = plan.data!.requireImprovementPlan.id;
    await mailTo('admin@jeugdformaat.example', `/improvement-plans/${planId}`, /verbeterplan/);

    // the daily reminders, through the queue both instances work: the deadline is tomorrow, the plan was due yesterday
    await first.admin.query(`UPDATE trajectory SET intake_deadline = $2 WHERE id = $1`, [
      intakeId,
      addDays(today(), 1),
    ]);
    await first.admin.query(`UPDATE improvement_plan SET due_date = $2 WHERE id = $1`, [planId, addDays(today(), -1)]);
    await first.app.jobs.boss.send('notification.reminders', {});
    await mailTo(leadStaff, `/trajectories/${intakeId}`, /Morgen verloopt/);
    await mailTo('admin@jeugdformaat.example', `/improvement-plans/${planId}`, /over de termijn/);

    // only those who act on a kind hear of it: no PIC proposal for the contract manager, no improvement plan for staff
    await mailsDone();
    expect(inbox.received.filter((m) => m.to === 'contractmanager@denhaag.example')).toEqual([]);
    expect(
      inbox.received.filter((m) => m.to === 'staff@jeugdformaat.example' && /verbeterplan/.test(m.subject)),
    ).toEqual([]);

    // the portal's bell shows them too
    const bell = await jeugdformaat(NOTIFICATIONS);
    expect(bell.data!.notifications.unreadCount).toBeGreaterThanOrEqual(2);
    expect(bell.data!.notifications.items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['NEW_REFERRAL', 'EXPERTISE_ANSWERED']),
    );
  });

  it('follows each user’s choice: portal only sends no mail, a digest sends one mail at the digest run', async () => {
    const staff = first.as('staff@jeugdformaat.example');
    const admin = second.as('admin@jeugdformaat.example');
    expect((await staff(SET, { input: { kind: 'NEW_REFERRAL', channel: 'PORTAL' } })).data).toEqual({
      setNotificationPreference: { kind: 'NEW_REFERRAL', channel: 'PORTAL' },
    });
    await admin(SET, { input: { kind: 'NEW_REFERRAL', channel: 'DIGEST' } });
    await mailsDone();
    const before = inbox.received.length;

    const referred = await refer(referrer, { initials: INITIALS, birthDate: BIRTH_DATE });
    await mailsDone();
    expect(inbox.received.slice(before)).toEqual([]);
    const bell = await staff(NOTIFICATIONS);
    expect(bell.data!.notifications.items[0]).toMatchObject({
      kind: 'NEW_REFERRAL',
      linkPath: `/trajectories/${referred.id}`,
      readAt: null,
    });

    // the digest run, started by both instances at the same moment: one mail
    await Promise.all([
      runDigest(first.app.jobs, first.app.dataSource),
      runDigest(second.app.jobs, second.app.dataSource),
    ]);
    await waitUntil(() => inbox.received.length > before);
    const [digest] = inbox.received.slice(before);
    expect(digest).toMatchObject({ to: 'admin@jeugdformaat.example', link: `${PUBLIC_URL}/notifications` });
    for (const personal of PERSONAL) expect(digest.text).not.toContain(personal);
    expect(digest.text).toMatch(/nieuwe verwijzing/);
    await first.app.jobs.boss.send('notification.digest', {});
    await waitUntil(async () => {
      const { rows } = await first.admin.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notification.digest' AND state = 'completed'`,
      );
      return rows[0].n === 1;
    });
    await mailsDone();
    expect(inbox.received.slice(before).map((m) => m.to)).toEqual(['admin@jeugdformaat.example']);

    // marked read, the bell is empty for it
    const marked = await staff(`mutation { markNotificationsRead(input: {}) }`);
    expect(marked.data!.markNotificationsRead).toBeGreaterThanOrEqual(1);
    expect((await staff(NOTIFICATIONS)).data!.notifications.unreadCount).toBe(0);
  });

  it('with two server instances every mail went out once, and each daily schedule exists once', async () => {
    await mailsDone();
    const sent = inbox.received.map((m) => `${m.to} ${m.subject} ${m.link}`);
    expect(sent.length).toBeGreaterThan(10);
    expect(new Set(sent).size).toBe(sent.length);
    const { rows } = await first.admin.query(
      `SELECT name, count(*)::int AS n FROM pgboss.schedule WHERE name LIKE 'notification.%' GROUP BY name ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: 'notification.digest', n: 1 },
      { name: 'notification.purge', n: 1 },
      { name: 'notification.reminders', n: 1 },
    ]);
  });

  it('a user reads only its own notifications, and cannot mark another’s read', async () => {
    const theirs = await first.admin.query(
      `SELECT id FROM notification WHERE user_id = (SELECT id FROM app_user WHERE email = 'staff@parnassia.example') LIMIT 1`,
    );
    const mine = await jeugdformaat(NOTIFICATIONS);
    expect(mine.data!.notifications.items.map((n: { id: string }) => n.id)).not.toContain(theirs.rows[0].id);
    const marked = await jeugdformaat(`mutation($ids: [ID!]) { markNotificationsRead(input: { ids: $ids }) }`, {
      ids: [theirs.rows[0].id],
    });
    expect(marked.data!.markNotificationsRead).toBe(0);
    const { rows } = await first.admin.query(`SELECT read_at FROM notification WHERE id = $1`, [theirs.rows[0].id]);
    expect(rows[0].read_at).toBeNull();
  });

  it('the nightly purge removes notifications read more than 90 days ago, and only those', async () => {
    const { rows: some } = await first.admin.query<{ id: string }>(`SELECT id FROM notification ORDER BY id LIMIT 3`);
    const [longRead, recentlyRead, unread] = some.map((r) => r.id);
    await first.admin.query(
      `UPDATE notification SET read_at = CASE id WHEN $1 THEN now() - interval '91 days' WHEN $2 THEN now() - interval '89 days' END,
              created_at = now() - interval '200 days'
        WHERE id IN ($1, $2, $3)`,
      [longRead, recentlyRead, unread],
    );
    const before = (await first.admin.query(`SELECT count(*)::int AS n FROM notification`)).rows[0].n;
    expect(await purgeReadNotifications(first.app.dataSource)).toBeGreaterThanOrEqual(1);
    const { rows: left } = await first.admin.query<{ id: string }>(`SELECT id FROM notification WHERE id = ANY($1)`, [
      [longRead, recentlyRead, unread],
    ]);
    expect(left.map((r) => r.id).sort()).toEqual([recentlyRead, unread].sort());
    expect((await first.admin.query(`SELECT count(*)::int AS n FROM notification`)).rows[0].n).toBe(before - 1);
  });
});
