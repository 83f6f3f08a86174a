import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPic, DEN_HAAG, providerId } from '../helpers/care.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  token = await t.login('lokaalteam@denhaag.example');
});
afterAll(() => t?.close());

const REFER = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id youth { initials } } }`;
const input = (initials: string) => ({
  municipalityId: DEN_HAAG,
  referrerType: 'LOCAL_TEAM',
  picId: currentPic('P01'),
  providerId: providerId('jeugdformaat'),
  youthInitials: initials,
  youthBirthDate: '2014-04-04',
  question: 'Vraag',
  goals: [],
});

async function send(key: string | undefined, variables: Record<string, unknown>, query = REFER) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    body: (await response.json()) as any,
  };
}

/** Seeded initials have at most three letters, so these four-letter ones are this test’s own. */
const referralsOf = async (initials: string) =>
  (await t.admin.query(`SELECT count(*)::int n FROM youth WHERE initials = $1`, [initials])).rows[0].n as number;

describe('Idempotency-Key', () => {
  it('a replay with the same key and payload returns the stored response and has exactly one effect', async () => {
    const key = randomUUID();
    const first = await send(key, { input: input('Q.X.I.D.') });
    const second = await send(key, { input: input('Q.X.I.D.') });
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 200, replayed: 'true' });
    expect(second.body).toEqual(first.body);
    expect(await referralsOf('Q.X.I.D.')).toBe(1);
  });

  it('a double click (two concurrent sends) creates one referral: the second gets 409 or the replay', async () => {
    const key = randomUUID();
    const results = await Promise.all([
      send(key, { input: input('Q.X.D.C.') }),
      send(key, { input: input('Q.X.D.C.') }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200]));
    for (const r of results) expect([200, 409]).toContain(r.status);
    const conflict = results.find((r) => r.status === 409);
    if (conflict) expect(conflict.body.errors[0].extensions.code).toBe('CONFLICT');
    expect(await referralsOf('Q.X.D.C.')).toBe(1);
  });

  it('refuses the same key with a different payload (422) and writes nothing', async () => {
    const key = randomUUID();
    await send(key, { input: input('Q.X.P.A.') });
    const other = await send(key, { input: input('Q.X.P.B.') });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await referralsOf('Q.X.P.B.')).toBe(0);
  });

  it('does not store a refused mutation: after fixing nothing, the same key runs again', async () => {
    const key = randomUUID();
    const bad = { input: { ...input('Q.X.B.I.'), youthBirthDate: '2090-01-01' } };
    const first = await send(key, bad);
    expect(first.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const again = await send(key, bad);
    expect(again.replayed).toBeNull();
    expect((await t.admin.query(`SELECT count(*)::int n FROM idempotency_key WHERE key = $1`, [key])).rows[0].n).toBe(
      0,
    );
  });

  it('keys expire after 24 hours, belong to their user, and queries ignore them', async () => {
    const key = randomUUID();
    await send(key, { input: input('Q.X.E.X.') });
    await t.admin.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    const afterExpiry = await send(key, { input: input('Q.X.E.X.') });
    expect(afterExpiry.replayed).toBeNull();
    expect(await referralsOf('Q.X.E.X.')).toBe(2);
    const { rows } = await t.admin.query(
      `SELECT extract(epoch FROM expires_at - started_at)::int AS ttl FROM idempotency_key WHERE key = $1`,
      [key],
    );
    expect(rows[0].ttl).toBe(24 * 3600);
    const query = await send(randomUUID(), {}, '{ me { email } }');
    expect(query.body.data.me.email).toBe('lokaalteam@denhaag.example');
    expect(
      (
        await t.admin.query(
          `SELECT count(*)::int n FROM idempotency_key WHERE user_id = (SELECT id FROM app_user WHERE email = 'lokaalteam@denhaag.example') AND response_body LIKE '%"me"%'`,
        )
      ).rows[0].n,
    ).toBe(0);
  });

  it('refuses a malformed key with 400', async () => {
    const r = await send('x'.repeat(300), { input: input('Q.X.M.K.') });
    expect(r.status).toBe(400);
    expect(await referralsOf('Q.X.M.K.')).toBe(0);
  });
});
