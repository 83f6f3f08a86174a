import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';

/** Stolen or forgotten sessions: how long a token works, and how its owner ends it. */

const ME = `{ me { email } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const works = async (token: string) => !!(await t.gql(ME, {}, { token })).data?.me;

/** Moves a session's sign-in (and so its absolute end) back in time; its last use stays now. */
const signedInAgo = (token: string, interval: string) =>
  t.admin.query(
    `UPDATE user_session SET created_at = created_at - $2::interval, expires_at = expires_at - $2::interval,
            last_seen_at = now()
      WHERE token_hash = $1`,
    [createHash('sha256').update(token).digest(), interval],
  );

describe('session lifetime', () => {
  it('a stolen token kept busy stops working 12 hours after sign-in', async () => {
    const token = await t.login('staff@ypenburg.example');
    await signedInAgo(token, '11 hours 59 minutes');
    expect(await works(token)).toBe(true);
    await signedInAgo(token, '2 minutes');
    expect(await works(token)).toBe(false);
    expect((await t.gql(ME, {}, { token })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('signing out everywhere ends every session of the user, wherever its token was copied', async () => {
    const email = 'staff@vaktherapie.example';
    const browser = await t.login(email);
    const script = await t.login(email);
    const someoneElse = await t.login('staff@duinzicht.example');
    const out = await t.gql<{ logoutEverywhere: number }>('mutation { logoutEverywhere }', {}, { token: browser });
    expect(out.data!.logoutEverywhere).toBe(2);
    expect(out.headers.get('set-cookie')).toMatch(/^samenspel_session=; .*Max-Age=0/);
    expect(await works(browser)).toBe(false);
    expect(await works(script)).toBe(false);
    expect(await works(someoneElse)).toBe(true);
    // signing in again works as before
    expect(await works(await t.login(email))).toBe(true);
  });

  it('a copy of the session table holds no token that signs anyone in', async () => {
    const token = await t.login('staff@brugwachter.example');
    const { rows } = await t.admin.query<{ row: string }>(`SELECT to_jsonb(s)::text AS row FROM user_session s`);
    const raw = Buffer.from(token, 'base64url');
    for (const { row } of rows) {
      expect(row).not.toContain(token);
      expect(row).not.toContain(raw.toString('hex'));
      expect(row).not.toContain(raw.toString('base64'));
    }
    // what is stored is the token's SHA-256, which is useless as a token
    const { rows: stored } = await t.admin.query<{ hash: Buffer }>(
      `SELECT token_hash AS hash FROM user_session ORDER BY created_at DESC LIMIT 1`,
    );
    expect(stored[0].hash).toEqual(createHash('sha256').update(token).digest());
    expect(await works(stored[0].hash.toString('base64url'))).toBe(false);
  });
});
