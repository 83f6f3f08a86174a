import pg from 'pg';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerId } from '../../seeds/organisations.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../integration/helpers/test-app.js';

/** Attacks on accounts: reaching beyond one's organisation, forging accounts in SQL, guessing codes. */

let t: TestApp;
let app: pg.Pool;

beforeAll(async () => {
  t = await startTestApp();
  app = new pg.Pool({ connectionString: t.db.appUrl, max: 2 });
});
afterAll(async () => {
  await app?.end();
  await t?.close();
});

const idOf = async (email: string) =>
  (await t.admin.query<{ id: string }>(`SELECT id FROM app_user WHERE email = $1`, [email])).rows[0].id;

/** Runs SQL as the application role with the settings a request of `email` sets; the error code, if any. */
async function asViewer(email: string, sql: string, params: unknown[] = []): Promise<string | undefined> {
  const { rows } = await t.admin.query(
    `SELECT id, roles, provider_id, municipality_id FROM app_user WHERE email = $1`,
    [email],
  );
  const client = await app.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT set_config('app.user_id', $1, true), set_config('app.roles', $2, true),
              set_config('app.provider_id', $3, true), set_config('app.municipality_id', $4, true)`,
      [rows[0].id, rows[0].roles.join(','), rows[0].provider_id ?? '', rows[0].municipality_id ?? ''],
    );
    const result = await client.query(sql, params);
    return result.rowCount === 0 ? 'no row' : undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('account attacks', () => {
  it('a provider administrator cannot deactivate a user of another provider', async () => {
    const other = await idOf('staff@parnassia.example');
    const r = await t.as('admin@jeugdformaat.example')(`mutation($id: ID!) { deactivateUser(id: $id) { id } }`, {
      id: other,
    });
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const { rows } = await t.admin.query(`SELECT active FROM app_user WHERE id = $1`, [other]);
    expect(rows[0].active).toBe(true);
    // nor in SQL, should the service forget the check
    expect(
      await asViewer('admin@jeugdformaat.example', `UPDATE app_user SET active = false WHERE id = $1`, [other]),
    ).toBe('no row');
  });

  it('a provider administrator cannot invite a region administrator, nor into another organisation', async () => {
    const invite = (input: Record<string, unknown>) =>
      t.as('admin@jeugdformaat.example')(`mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }`, {
        input,
      });
    const regionRole = await invite({ email: 'boef@h10.example', roles: ['REGION_ADMIN'] });
    expect(regionRole.errors?.[0].extensions?.fields?.[0].reason).toBe('ROLES_NOT_FOR_ORGANISATION');
    const elsewhere = await invite({
      email: 'boef@parnassia.example',
      roles: ['PROVIDER_ADMIN'],
      organisationId: providerId('parnassia'),
    });
    expect(elsewhere.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const { rows } = await t.admin.query(`SELECT count(*)::int AS n FROM user_invitation WHERE email LIKE 'boef@%'`);
    expect(rows[0].n).toBe(0);
    // nor in SQL
    expect(
      await asViewer(
        'admin@jeugdformaat.example',
        `INSERT INTO user_invitation (token_hash, email, roles, organisation_kind, provider_id, invited_by, expires_at)
         VALUES ('\\x00', 'boef@parnassia.example', '{PROVIDER_ADMIN}', 'PROVIDER', $1, $2, now() + interval '1 day')`,
        [providerId('parnassia'), await idOf('admin@jeugdformaat.example')],
      ),
    ).toBe('42501');
  });

  it('the application role cannot create an account without a proven invitation, nor raise a user’s roles', async () => {
    expect(
      await asViewer(
        'admin@h10.example',
        `INSERT INTO app_user (email, name, password_hash, organisation_kind, provider_id, roles)
         VALUES ('vals@jeugdformaat.example', 'Vals', 'x', 'PROVIDER', $1, '{PROVIDER_ADMIN}')`,
        [providerId('jeugdformaat')],
      ),
    ).toBe('42501');
    expect(
      await asViewer('staff@jeugdformaat.example', `UPDATE app_user SET roles = '{PROVIDER_ADMIN}' WHERE id = $1`, [
        await idOf('staff@jeugdformaat.example'),
      ]),
    ).toBe('42501');
  });

  it('guessing authenticator codes is throttled like guessing passwords', async () => {
    const email = 'staff@vaktherapie.example';
    const token = await t.login(email);
    const started = await t.gql<any>(`mutation { startTotpSetup { secret } }`, {}, { token });
    const secret = started.data.startTotpSetup.secret;
    const confirmed = await t.gql(
      `mutation($code: String!) { confirmTotpSetup(code: $code) }`,
      { code: await generate({ secret }) },
      { token },
    );
    expect(confirmed.errors).toBeUndefined();
    const reasons: string[] = [];
    for (let i = 0; i < 10; i++) {
      const guess = String(100000 + i);
      const r = await t.gql(`mutation($input: LoginInput!) { login(input: $input) { token } }`, {
        input: { email, password: DEMO_PASSWORD, totpCode: guess },
      });
      reasons.push(r.errors?.[0].extensions?.reason);
    }
    expect(reasons).toContain('THROTTLED');
  });
});
