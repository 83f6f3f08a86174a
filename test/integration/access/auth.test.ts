import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../seeds/accounts.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const LOGIN = `mutation($input: LoginInput!) {
  login(input: $input) { token viewer { email roles organisation { __typename ... on Provider { name } ... on Municipality { name } ... on Region { name } } } }
}`;
const ME = `{ me { email name roles organisation { __typename } } }`;

describe('sign-in', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.email, a]))('%s signs in and is known by its token', async (email, account) => {
    const result = await t.gql(LOGIN, { input: { email, password: DEMO_PASSWORD } });
    expect(result.errors).toBeUndefined();
    const { token, viewer } = result.data!.login;
    expect(viewer.email).toBe(email);
    expect(viewer.roles).toEqual(account.roles);
    expect(viewer.organisation.__typename).toBe(
      { REGION: 'Region', MUNICIPALITY: 'Municipality', PROVIDER: 'Provider' }[account.organisation.kind],
    );
    const me = await t.gql(ME, {}, { token });
    expect(me.data!.me).toMatchObject({ email, roles: account.roles });
  });

  it('treats the e-mail address case-insensitively', async () => {
    const result = await t.gql(LOGIN, { input: { email: 'Admin@H10.example', password: DEMO_PASSWORD } });
    expect(result.data!.login.viewer.email).toBe('admin@h10.example');
  });

  it('refuses a wrong password and an unknown account with the same UNAUTHENTICATED answer', async () => {
    const wrong = await t.gql(LOGIN, { input: { email: 'staff@parnassia.example', password: 'not-the-password' } });
    const unknown = await t.gql(LOGIN, { input: { email: 'nobody@nowhere.example', password: DEMO_PASSWORD } });
    for (const r of [wrong, unknown]) {
      expect(r.data).toBeNull();
      expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect(r.errors![0].message).toBe('The e-mail address or password is not correct.');
    }
  });

  it('refuses a malformed e-mail address as BAD_USER_INPUT naming the field', async () => {
    const r = await t.gql(LOGIN, { input: { email: 'not an address', password: 'x' } });
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.email', message: 'is not an e-mail address' }],
    });
  });

  it('sets an httpOnly, SameSite=Lax session cookie that signs the portal in', async () => {
    const result = await t.gql(LOGIN, { input: { email: 'lokaalteam@denhaag.example', password: DEMO_PASSWORD } });
    const cookie = result.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^samenspel_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax/);
    const me = await t.gql(ME, {}, { headers: { cookie: cookie.split(';')[0] } });
    expect(me.data!.me.email).toBe('lokaalteam@denhaag.example');
  });
});

describe('sessions', () => {
  it('refuses every query without a token, with UNAUTHENTICATED and no data', async () => {
    for (const query of [
      '{ me { id } }',
      '{ municipalities { id } }',
      '{ providers { id } }',
      '{ consortia { id } }',
      '{ pics { id } }',
      '{ lots { id } }',
    ]) {
      const r = await t.gql(query);
      expect(r.data).toBeNull();
      expect(r.errors![0].extensions!.code, query).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a token that was never issued', async () => {
    const r = await t.gql(ME, {}, { token: 'x'.repeat(43) });
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('revokes the session on logout, server-side', async () => {
    const token = await t.login('staff@incluzio.example');
    expect((await t.gql(ME, {}, { token })).data!.me.email).toBe('staff@incluzio.example');
    const out = await t.gql('mutation { logout }', {}, { token });
    expect(out.data!.logout).toBe(true);
    expect(out.headers.get('set-cookie')).toMatch(/^samenspel_session=; .*Max-Age=0/);
    const after = await t.gql(ME, {}, { token });
    expect(after.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('expires a session after the idle time and refreshes one that is used', async () => {
    const idle = await t.login('staff@mentaalcure.example');
    const used = await t.login('staff@mentaalcure.example');
    // 20 minutes without use: still valid, and this use refreshes it
    await t.admin.query(
      `UPDATE user_session SET last_seen_at = now() - interval '20 minutes' WHERE user_id = (SELECT id FROM app_user WHERE email = 'staff@mentaalcure.example')`,
    );
    expect((await t.gql(ME, {}, { token: used })).data!.me).toBeTruthy();
    // 20 more minutes: the refreshed session lives, the idle one (40 minutes) has expired
    await t.admin.query(
      `UPDATE user_session SET last_seen_at = last_seen_at - interval '20 minutes' WHERE user_id = (SELECT id FROM app_user WHERE email = 'staff@mentaalcure.example')`,
    );
    expect((await t.gql(ME, {}, { token: used })).data!.me).toBeTruthy();
    expect((await t.gql(ME, {}, { token: idle })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('throttling', () => {
  it('refuses sign-in, even with the right password, after 5 failures, and says how long to wait', async () => {
    const email = 'staff@brugwachter.example';
    for (let i = 0; i < 5; i++) {
      const r = await t.gql(LOGIN, { input: { email, password: `wrong-${i}` } });
      expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
    // the wait counts from the last failure: make that just now, however slow this machine
    const ofAccount = `subject = $1 OR subject LIKE $1 || ' %'`;
    await t.admin.query(`UPDATE sign_in_throttle SET last_failure_at = now() WHERE ${ofAccount}`, [email]);
    const blocked = await t.gql(LOGIN, { input: { email, password: DEMO_PASSWORD } });
    expect(blocked.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'THROTTLED' });
    const wait = blocked.errors![0].extensions!.retryAfterSeconds;
    expect(wait).toBeGreaterThan(0);
    expect(blocked.errors![0].message).toMatch(/^Too many failed sign-in attempts. Try again in \d+ seconds?\.$/);
    // other accounts from the same address are not blocked by it
    expect(
      (await t.gql(LOGIN, { input: { email: 'staff@delfland.example', password: DEMO_PASSWORD } })).data!.login.token,
    ).toBeTruthy();
    // after the wait the account can sign in again
    await t.admin.query(
      `UPDATE sign_in_throttle SET last_failure_at = last_failure_at - make_interval(secs => $2) WHERE ${ofAccount}`,
      [email, wait],
    );
    expect((await t.gql(LOGIN, { input: { email, password: DEMO_PASSWORD } })).data!.login.token).toBeTruthy();
  });
});
