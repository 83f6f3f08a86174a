import { spawn } from 'node:child_process';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Role } from '../../../server/src/core/auth/roles.js';
import { prepareDatabase } from '../../../server/src/db/prepare.js';
import { inviteAsOperator } from '../../../server/src/modules/account/operator-invitation.js';
import { createTestDatabase, type TestDatabase } from '../../setup/test-database.js';
import { startInbox, type Inbox } from '../helpers/smtp.js';
import { startTestApp, type GqlResult, type TestApp } from '../helpers/test-app.js';

/**
 * An empty installation (no demo data) goes live: the operator's command invites the first region
 * administrator, and every further account comes from an invitation received over real SMTP.
 */

const PUBLIC_URL = 'https://samenspel.test';
const PASSWORD = 'een lange zin als wachtwoord';
const FIRST = 'eerste@h10.test';
const PROVIDER_ADMIN = 'beheer@praktijk.test';
const STAFF = 'medewerker@praktijk.test';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token viewer { secondFactorSetupRequired } } }`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { token viewer { email roles secondFactorSetupRequired } } }`;
const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { id email roles expiresAt } }`;
const START_TOTP = `mutation { startTotpSetup { secret otpauthUrl } }`;
const CONFIRM_TOTP = `mutation($code: String!) { confirmTotpSetup(code: $code) }`;

let inbox: Inbox;
let db: TestDatabase;
let t: TestApp;

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
const fieldReason = (r: GqlResult) => r.errors?.[0]?.extensions?.fields?.[0]?.reason;
/** A code of the authenticator app `seconds` from now (each time step is accepted once). */
const codeAt = (secret: string, seconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + seconds });

/** Runs `npm run admin -- …` against the test database; its printed output. */
function adminCommand(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/tools/admin.ts', ...args], {
      env: { ...process.env, SMTP_URL: inbox.url, PUBLIC_URL, MAIL_FROM: 'Samenspel <noreply@samenspel.test>' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Accepts the invitation mailed to `email`, sets up the second factor when asked; the session token and secret. */
async function acceptMailedInvitation(email: string) {
  const mail = await inbox.next(email);
  expect(mail.link.startsWith(`${PUBLIC_URL}/account/invitation?token=`)).toBe(true);
  const accepted = await t.gql<any>(ACCEPT, {
    input: { token: tokenOf(mail.link), name: `Naam ${email}`, password: PASSWORD },
  });
  expect(accepted.errors).toBeUndefined();
  return { token: accepted.data.acceptInvitation.token as string, viewer: accepted.data.acceptInvitation.viewer, mail };
}

async function setUpSecondFactor(token: string): Promise<{ secret: string; recovery: string[] }> {
  const started = await t.gql<any>(START_TOTP, {}, { token });
  const { secret, otpauthUrl } = started.data.startTotpSetup;
  expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Samenspel:/);
  const confirmed = await t.gql<any>(CONFIRM_TOTP, { code: await codeAt(secret) }, { token });
  expect(confirmed.errors).toBeUndefined();
  return { secret, recovery: confirmed.data.confirmTotpSetup };
}

beforeAll(async () => {
  inbox = await startInbox();
  db = await createTestDatabase({ empty: true });
  await prepareDatabase(db.adminUrl, { appPassword: inject('appPassword'), demo: false });
  t = await startTestApp({ database: db, sendMail: inbox.sendMail, publicUrl: PUBLIC_URL, adminSecondFactor: true });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await db?.drop();
  await inbox?.close();
});

describe('an empty installation going live', () => {
  let regionToken: string;
  let providerId: string;
  let adminToken: string;
  let staffSecret: string;
  let staffRecovery: string[];

  it('has no account, and the operator’s command is the only way to the first administrator', async () => {
    const { rows } = await t.admin.query(`SELECT count(*)::int AS n FROM app_user`);
    expect(rows[0].n).toBe(0);
    const accept = await t.gql(ACCEPT, { input: { token: 'guessed', name: 'X', password: PASSWORD } });
    expect(fieldReason(accept)).toBe('LINK_NOT_VALID');
    const invite = await t.gql(INVITE, { input: { email: 'x@y.test', roles: ['REGION_ADMIN'] } });
    expect(invite.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const command = await adminCommand(
      'invite',
      '--email',
      FIRST,
      '--role',
      'REGION_ADMIN',
      '--database-url',
      db.adminUrl,
    );
    expect(command.code, command.out).toBe(0);
    const printed = command.out.match(/https:\/\/\S+/)![0];

    const { token, viewer, mail } = await acceptMailedInvitation(FIRST);
    expect(mail.link).toBe(printed);
    expect(mail.subject).toMatch(/Samenspel/);
    expect(viewer).toEqual({ email: FIRST, roles: ['REGION_ADMIN'], secondFactorSetupRequired: true });
    regionToken = token;

    // the link worked once
    const again = await t.gql(ACCEPT, { input: { token: tokenOf(mail.link), name: 'Tweede', password: PASSWORD } });
    expect(fieldReason(again)).toBe('LINK_NOT_VALID');
    const { rows: stored } = await t.admin.query(`SELECT token_hash FROM user_invitation`);
    expect(stored[0].token_hash.toString('utf8')).not.toContain(tokenOf(mail.link));
  });

  it('ADMIN_INVITE_EMAIL at a later start invites nobody: the installation has an account', async () => {
    const again = await inviteAsOperator(
      db.adminUrl,
      { email: 'nog.een@h10.test', role: Role.REGION_ADMIN, onlyFirst: true },
      { publicUrl: PUBLIC_URL, invitationDays: 7, sendMail: inbox.sendMail },
    );
    expect(again).toBeNull();
  });

  it('keeps an administrator without a second factor to setting one up', async () => {
    const refused = await t.gql('{ users { totalCount } }', {}, { token: regionToken });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SECOND_FACTOR_SETUP_REQUIRED' });

    await t.gql(START_TOTP, {}, { token: regionToken });
    const wrong = await t.gql(CONFIRM_TOTP, { code: '000000' }, { token: regionToken });
    expect(fieldReason(wrong)).toBe('CODE_INCORRECT');
    const { recovery } = await setUpSecondFactor(regionToken);
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);

    const users = await t.gql<any>(
      '{ users { totalCount edges { node { email lastSignInAt } } } }',
      {},
      { token: regionToken },
    );
    expect(users.data.users.totalCount).toBe(1);
    expect(users.data.users.edges[0].node.lastSignInAt).not.toBeNull();
  });

  it('the region administrator invites a provider administrator, who invites staff', async () => {
    const created = await t.gql<any>(
      `mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }`,
      { input: { name: 'Jeugdpraktijk Test', agbCode: '12345678' } },
      { token: regionToken },
    );
    providerId = created.data.createProvider.id;
    const invited = await t.gql<any>(
      INVITE,
      { input: { email: PROVIDER_ADMIN, roles: ['PROVIDER_ADMIN'], organisationId: providerId } },
      { token: regionToken },
    );
    expect(invited.errors).toBeUndefined();
    const days = (Date.parse(invited.data.inviteUser.expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(7);

    const admin = await acceptMailedInvitation(PROVIDER_ADMIN);
    await setUpSecondFactor(admin.token);
    adminToken = admin.token;

    // only staff of its own organisation
    const otherOrganisation = await t.gql(
      INVITE,
      {
        input: {
          email: 'x@h10.test',
          roles: ['REGION_ADMIN'],
          organisationId: (
            await t.gql<any>('{ me { organisation { ... on Region { id } } } }', {}, { token: regionToken })
          ).data.me.organisation.id,
        },
      },
      { token: adminToken },
    );
    expect(otherOrganisation.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const regionRole = await t.gql(
      INVITE,
      { input: { email: 'x@praktijk.test', roles: ['REGION_ADMIN'] } },
      { token: adminToken },
    );
    expect(fieldReason(regionRole)).toBe('ROLES_NOT_FOR_ORGANISATION');

    // the region requires a second factor of everyone at this provider
    const required = await t.gql(
      `mutation($input: RequireSecondFactorInput!) { requireSecondFactor(input: $input) }`,
      { input: { organisationId: providerId, required: true } },
      { token: regionToken },
    );
    expect(required.errors).toBeUndefined();

    const staffInvite = await t.gql(
      INVITE,
      { input: { email: STAFF, roles: ['PROVIDER_STAFF'] } },
      { token: adminToken },
    );
    expect(staffInvite.errors).toBeUndefined();
    const weak = await inbox.next(STAFF);
    for (const [password, reason] of [
      ['kort wachtw', 'PASSWORD_TOO_SHORT'],
      ['qwerty123456', 'PASSWORD_TOO_COMMON'],
      ['medewerker-van-de-praktijk', 'PASSWORD_TOO_COMMON'],
    ]) {
      const refused = await t.gql(ACCEPT, { input: { token: tokenOf(weak.link), name: 'Staf', password } });
      expect(fieldReason(refused), password).toBe(reason);
    }
    const staff = await t.gql<any>(ACCEPT, { input: { token: tokenOf(weak.link), name: 'Staf', password: PASSWORD } });
    expect(staff.data.acceptInvitation.viewer.secondFactorSetupRequired).toBe(true);
    const factor = await setUpSecondFactor(staff.data.acceptInvitation.token);
    staffSecret = factor.secret;
    staffRecovery = factor.recovery;

    const list = await t.gql<any>(
      '{ users { totalCount edges { node { email roles active } } } }',
      {},
      { token: adminToken },
    );
    expect(list.data.users.edges.map((e: any) => e.node.email).sort()).toEqual([PROVIDER_ADMIN, STAFF]);
  });

  it('staff signs in with the second factor: a code once, a recovery code once', async () => {
    const withoutCode = await t.gql(LOGIN, { input: { email: STAFF, password: PASSWORD } });
    expect(withoutCode.errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'SECOND_FACTOR_REQUIRED',
    });
    const next = await codeAt(staffSecret, 30);
    const signedIn = await t.gql<any>(LOGIN, { input: { email: STAFF, password: PASSWORD, totpCode: next } });
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data.login.viewer.secondFactorSetupRequired).toBe(false);
    const replayed = await t.gql(LOGIN, { input: { email: STAFF, password: PASSWORD, totpCode: next } });
    expect(replayed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const recovery = await t.gql(LOGIN, { input: { email: STAFF, password: PASSWORD, totpCode: staffRecovery[0] } });
    expect(recovery.errors).toBeUndefined();
    const reused = await t.gql(LOGIN, { input: { email: STAFF, password: PASSWORD, totpCode: staffRecovery[0] } });
    expect(reused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps authenticator secrets sealed; one stored plainly before is sealed at its next use', async () => {
    const stored = async () =>
      (await t.admin.query(`SELECT totp_secret FROM app_user WHERE email = $1`, [STAFF])).rows[0].totp_secret as string;
    expect(await stored()).toMatch(/^sealed:/);
    expect(await stored()).not.toContain(staffSecret);

    await t.admin.query(`UPDATE app_user SET totp_secret = $2, totp_last_step = NULL WHERE email = $1`, [
      STAFF,
      staffSecret,
    ]);
    const signedIn = await t.gql(LOGIN, {
      input: { email: STAFF, password: PASSWORD, totpCode: await codeAt(staffSecret) },
    });
    expect(signedIn.errors).toBeUndefined();
    expect(await stored()).toMatch(/^sealed:/);
    expect(await stored()).not.toContain(staffSecret);
  });

  it('replacing an active second factor needs the password', async () => {
    await t.admin.query(`UPDATE app_user SET totp_last_step = NULL WHERE email = $1`, [STAFF]);
    const signedIn = await t.gql<any>(LOGIN, {
      input: { email: STAFF, password: PASSWORD, totpCode: await codeAt(staffSecret) },
    });
    const token = signedIn.data.login.token;
    const REPLACE = `mutation($p: String) { startTotpSetup(currentPassword: $p) { secret } }`;
    const pending = async () =>
      (await t.admin.query(`SELECT totp_pending_secret FROM app_user WHERE email = $1`, [STAFF])).rows[0]
        .totp_pending_secret;

    expect(fieldReason(await t.gql(REPLACE, {}, { token }))).toBe('REQUIRED_TO_REPLACE_SECOND_FACTOR');
    expect(fieldReason(await t.gql(REPLACE, { p: 'niet mijn wachtwoord' }, { token }))).toBe('PASSWORD_INCORRECT');
    expect(await pending()).toBeNull();
    const replaced = await t.gql<any>(REPLACE, { p: PASSWORD }, { token });
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data.startTotpSetup.secret).not.toBe(staffSecret);
    expect(await pending()).toMatch(/^sealed:/);
  });

  it('an invitation link expires', async () => {
    await t.gql(INVITE, { input: { email: 'laat@praktijk.test', roles: ['PROVIDER_STAFF'] } }, { token: adminToken });
    const mail = await inbox.next('laat@praktijk.test');
    await t.admin.query(
      `UPDATE user_invitation SET expires_at = now() - interval '1 second' WHERE lower(email) = 'laat@praktijk.test'`,
    );
    const late = await t.gql(ACCEPT, { input: { token: tokenOf(mail.link), name: 'Laat', password: PASSWORD } });
    expect(fieldReason(late)).toBe('LINK_NOT_VALID');
  });

  it('a password reset answers the same for an unknown address, and its link works once within the hour', async () => {
    const ask = (email: string) =>
      fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($e: String!) { requestPasswordReset(email: $e) }',
          variables: { e: email },
        }),
      }).then(async (r) => ({ status: r.status, body: await r.text() }));
    const unknown = await ask('niemand@praktijk.test');
    const known = await ask(STAFF);
    expect(known).toEqual(unknown);

    const staffSession = (
      await t.gql<any>(LOGIN, { input: { email: STAFF, password: PASSWORD, totpCode: staffRecovery[1] } })
    ).data.login.token;
    const mail = await inbox.next(STAFF);
    expect(mail.link.startsWith(`${PUBLIC_URL}/account/reset?token=`)).toBe(true);
    const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) }`;
    const reset = await t.gql(RESET, { input: { token: tokenOf(mail.link), newPassword: 'een nieuwe lange zin' } });
    expect(reset.errors).toBeUndefined();
    const again = await t.gql(RESET, { input: { token: tokenOf(mail.link), newPassword: 'nog een andere zin' } });
    expect(fieldReason(again)).toBe('LINK_NOT_VALID');
    // the mail went through the job queue, whose rows hold ids only: the token is in the mail alone
    const { rows: jobs } = await t.admin.query<{ data: string }>(
      `SELECT data::text FROM pgboss.job WHERE name = 'account.mail'`,
    );
    expect(jobs.length).toBeGreaterThan(0);
    for (const { data } of jobs) {
      expect(Object.keys(JSON.parse(data))).toEqual([expect.stringMatching(/^(invitationId|resetId)$/)]);
      expect(data).not.toContain(tokenOf(mail.link));
    }
    // every session of the user ended
    expect((await t.gql('{ me { id } }', {}, { token: staffSession })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );

    await ask(STAFF);
    const late = await inbox.next(STAFF);
    await t.admin.query(`UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    const expired = await t.gql(RESET, { input: { token: tokenOf(late.link), newPassword: 'nog een andere zin' } });
    expect(fieldReason(expired)).toBe('LINK_NOT_VALID');
  });

  it('changing the password ends the other sessions, not this one', async () => {
    const login = async () =>
      (
        await t.gql<any>(LOGIN, {
          input: { email: STAFF, password: 'een nieuwe lange zin', totpCode: staffRecovery.pop() },
        })
      ).data.login.token as string;
    const here = await login();
    const elsewhere = await login();
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
    const wrong = await t.gql(
      CHANGE,
      { input: { currentPassword: 'fout fout fout', newPassword: PASSWORD } },
      { token: here },
    );
    expect(fieldReason(wrong)).toBe('PASSWORD_INCORRECT');
    const changed = await t.gql(
      CHANGE,
      { input: { currentPassword: 'een nieuwe lange zin', newPassword: PASSWORD } },
      { token: here },
    );
    expect(changed.errors).toBeUndefined();
    expect((await t.gql('{ me { id } }', {}, { token: here })).errors).toBeUndefined();
    expect((await t.gql('{ me { id } }', {}, { token: elsewhere })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('a deactivated user’s open session stops working at its next request', async () => {
    const session = (
      await t.gql<any>(LOGIN, { input: { email: STAFF, password: PASSWORD, totpCode: staffRecovery.pop() } })
    ).data.login.token;
    expect((await t.gql('{ me { id } }', {}, { token: session })).errors).toBeUndefined();
    const list = await t.gql<any>('{ users { edges { node { id email } } } }', {}, { token: adminToken });
    const staffId = list.data.users.edges.find((e: any) => e.node.email === STAFF).node.id;
    const deactivated = await t.gql<any>(
      `mutation($id: ID!) { deactivateUser(id: $id) { active } }`,
      { id: staffId },
      { token: adminToken },
    );
    expect(deactivated.data.deactivateUser.active).toBe(false);
    expect((await t.gql('{ me { id } }', {}, { token: session })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const login = await t.gql(LOGIN, { input: { email: STAFF, password: PASSWORD, totpCode: staffRecovery.pop() } });
    expect(login.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
