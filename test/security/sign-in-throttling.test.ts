import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE_POLICY } from '../../server/src/modules/auth/sign-in-throttle.js';
import { DEMO_PASSWORD, startTestApp, type GqlResult, type TestApp } from '../integration/helpers/test-app.js';
import { gqlFrom } from './helpers/from-address.js';

/**
 * Password guessing against the sign-in. The test client runs on 127.0.0.1, which the server trusts
 * like the portal, so `X-Forwarded-For` names the address a browser signs in from. 127.0.0.3 is a
 * configured proxy (TRUST_PROXY); 127.0.0.2 and 127.0.0.4 are peers nobody trusts.
 */

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token } }`;
const PROXY = '127.0.0.3';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ trustProxy: [PROXY] });
});
afterAll(() => t?.close());

/** A sign-in as the browser at `forwardedFor` (via the loopback client, which is trusted). */
const signIn = (email: string, password: string, forwardedFor: string) =>
  t.gql(LOGIN, { input: { email, password } }, { headers: { 'x-forwarded-for': forwardedFor } });

type Answer = { data?: any; errors?: GqlResult['errors'] };
const throttled = (r: Answer) => r.errors?.[0]?.extensions?.reason === 'THROTTLED';
const refusedAsWrong = (r: Answer) =>
  r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED' && !throttled(r) && !r.data?.login;
const waitOf = (r: Answer): number => r.errors![0].extensions!.retryAfterSeconds;

/** The counters of these subjects (e-mail addresses and client addresses), pairs included. */
const OF_SUBJECTS = `kind = 'ACCOUNT' AND subject = ANY ($1) OR kind = 'ADDRESS' AND subject = ANY ($1)
  OR kind = 'ACCOUNT_ADDRESS' AND split_part(subject, ' ', 1) = ANY ($1)`;

/** Lets `seconds` pass for the counters of these subjects. */
async function letTimePass(seconds: number, ...subjects: string[]): Promise<void> {
  await t.admin.query(
    `UPDATE sign_in_throttle SET last_failure_at = last_failure_at - make_interval(secs => $2) WHERE ${OF_SUBJECTS}`,
    [subjects, seconds],
  );
}

/** Their latest failure was just now, so the wait it set is still all ahead, however slow this machine. */
async function justFailed(...subjects: string[]): Promise<void> {
  await t.admin.query(`UPDATE sign_in_throttle SET last_failure_at = now() WHERE ${OF_SUBJECTS}`, [subjects]);
}

describe('sign-in throttling', () => {
  it('a burst of 50 parallel wrong passwords gets only a handful of them checked', async () => {
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signIn('staff@ypenburg.example', `guess-${i}`, '203.0.113.10')),
    );
    for (const r of burst) expect(refusedAsWrong(r) || throttled(r)).toBe(true);
    const checked = burst.filter(refusedAsWrong).length;
    // 5 are free; then the wait is 1 s and doubles, so only a burst that lasts seconds gets one or two more
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(7);
    for (const r of burst.filter(throttled)) expect(waitOf(r)).toBeGreaterThanOrEqual(1);
  });

  it('guessing from one address meets a delay that doubles with every failure, up to 15 minutes', async () => {
    const email = 'staff@vaktherapie.example';
    const address = '203.0.113.20';
    for (let i = 0; i < 5; i++) expect(refusedAsWrong(await signIn(email, `guess-${i}`, address))).toBe(true);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      await justFailed(email, address);
      const refused = await signIn(email, DEMO_PASSWORD, address);
      expect(throttled(refused)).toBe(true);
      waits.push(waitOf(refused));
      await letTimePass(waitOf(refused), email, address);
      expect(refusedAsWrong(await signIn(email, `guess-again-${i}`, address))).toBe(true);
    }
    const expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900];
    waits.forEach((wait, i) => expect(wait).toBeGreaterThanOrEqual(expected[i] - 1));
    waits.forEach((wait, i) => expect(wait).toBeLessThanOrEqual(expected[i]));
    // no lock-out: after the longest wait the right password works
    await letTimePass(15 * 60, email, address);
    expect((await signIn(email, DEMO_PASSWORD, address)).data!.login.token).toBeTruthy();
  });

  it('hammering while throttled neither checks the password nor lengthens the wait', async () => {
    const email = 'staff@duinzicht.example';
    const address = '203.0.113.30';
    for (let i = 0; i < 5; i++) await signIn(email, `guess-${i}`, address);
    // three more failures: the next attempt waits 8 s
    await t.admin.query(`UPDATE sign_in_throttle SET failures = failures + 3 WHERE ${OF_SUBJECTS}`, [[email, address]]);
    await justFailed(email, address);
    const counters = () =>
      t.admin
        .query(
          `SELECT kind, subject, failures, last_failure_at FROM sign_in_throttle WHERE ${OF_SUBJECTS} ORDER BY 1, 2`,
          [[email, address]],
        )
        .then((r) => r.rows);
    const before = await counters();
    expect(before).toHaveLength(3);
    const hammering = await Promise.all(Array.from({ length: 20 }, () => signIn(email, DEMO_PASSWORD, address)));
    expect(hammering.every(throttled)).toBe(true);
    expect(await counters()).toEqual(before);
  });

  it('an attacker failing on an account from many addresses does not keep its owner out', async () => {
    const email = 'staff@westlandzorg.example';
    const home = '192.0.2.50';
    expect((await signIn(email, DEMO_PASSWORD, home)).data!.login.token).toBeTruthy();
    // a patient botnet: 25 addresses, one guess each, every guess counted
    for (let i = 0; i < 25; i++) {
      expect(refusedAsWrong(await signIn(email, `guess-${i}`, `198.51.100.${100 + i}`))).toBe(true);
      await letTimePass(30, email);
    }
    await letTimePass(-30, email); // the last guess was just now
    expect(throttled(await signIn(email, 'one-more-guess', '198.51.100.200'))).toBe(true);

    // the owner, where they signed in before, is not slowed down at all
    expect((await signIn(email, DEMO_PASSWORD, home)).data!.login.token).toBeTruthy();
    // from a new address they wait half a minute at most, then get in
    const elsewhere = await signIn(email, DEMO_PASSWORD, '192.0.2.51');
    expect(throttled(elsewhere)).toBe(true);
    expect(waitOf(elsewhere)).toBeLessThanOrEqual(30);
    await letTimePass(30, email);
    expect((await signIn(email, DEMO_PASSWORD, '192.0.2.51')).data!.login.token).toBeTruthy();
  });
});

const ADDRESS_FREE = THROTTLE_POLICY.ADDRESS.free;

/** Sign-ins to `n` accounts that do not exist, one after the other. */
async function spray(n: number, send: (email: string) => Promise<Answer>): Promise<Answer[]> {
  const prefix = Math.random().toString(36).slice(2, 8);
  const answers = [];
  for (let i = 0; i < n; i++) answers.push(await send(`${prefix}-${i}@example.org`));
  return answers;
}

/**
 * `free` failures are checked, then the wait starts at a second and doubles: a few more may be
 * checked on a machine slow enough, never the last of a long row.
 */
function expectThrottledAfter(free: number, answers: Answer[]): void {
  expect(answers.slice(0, free).every(refusedAsWrong)).toBe(true);
  expect(answers.filter(refusedAsWrong).length).toBeLessThanOrEqual(free + 3);
  expect(throttled(answers.at(-1)!)).toBe(true);
}

describe('X-Forwarded-For', () => {
  it("addresses a client writes in front of a trusted proxy's entry do not reset the throttle", async () => {
    // a proxy on this host appends the real peer (203.0.113.50) to whatever the client sent
    let i = 0;
    const answers = await spray(ADDRESS_FREE + 6, (email) =>
      signIn(email, DEMO_PASSWORD, `10.9.${i++}.1, 203.0.113.50`),
    );
    expectThrottledAfter(ADDRESS_FREE, answers);
  });

  it('a forged X-Forwarded-For from an untrusted peer does not reset the throttle', async () => {
    let i = 0;
    const answers = await spray(ADDRESS_FREE + 6, (email) =>
      gqlFrom(
        '127.0.0.2',
        t.url,
        LOGIN,
        { input: { email, password: DEMO_PASSWORD } },
        {
          'x-forwarded-for': `10.8.${i++}.1`,
        },
      ),
    );
    expectThrottledAfter(ADDRESS_FREE, answers);
    const { rows } = await t.admin.query(`SELECT FROM sign_in_throttle WHERE subject LIKE '%10.8.%'`);
    expect(rows).toEqual([]);
  });

  it("a configured proxy's clients are throttled each on their own, an unconfigured one's together", async () => {
    const via = (proxy: string, client: string) => (email: string) =>
      gqlFrom(proxy, t.url, LOGIN, { input: { email, password: DEMO_PASSWORD } }, { 'x-forwarded-for': client });
    expectThrottledAfter(ADDRESS_FREE, await spray(ADDRESS_FREE + 6, via(PROXY, '198.51.100.1')));
    // another browser behind the same proxy signs in
    const other = await gqlFrom(
      PROXY,
      t.url,
      LOGIN,
      { input: { email: 'staff@delfland.example', password: DEMO_PASSWORD } },
      { 'x-forwarded-for': '198.51.100.2' },
    );
    expect(other.data!.login.token).toBeTruthy();
    // 127.0.0.4 is not configured: what it forwards is ignored, its clients count as one address
    expectThrottledAfter(ADDRESS_FREE, await spray(ADDRESS_FREE + 6, via('127.0.0.4', '198.51.100.3')));
    const { rows } = await t.admin.query(`SELECT subject FROM sign_in_throttle WHERE kind = 'ADDRESS'`);
    expect(rows.map((r) => r.subject)).toEqual(expect.arrayContaining(['198.51.100.1', '127.0.0.4']));
    expect(rows.map((r) => r.subject)).not.toContain('198.51.100.3');
  });
});
