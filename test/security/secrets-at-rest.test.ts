import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/core/logging/logger.js';
import { currentPic, DEN_HAAG, providerId } from '../integration/helpers/care.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../integration/helpers/test-app.js';

// What is written down (logs, the idempotency store, the access log) holds no personal data or
// secrets it does not need.

const logged: string[] = [];
let t: TestApp;
beforeAll(async () => {
  // debug: the most the server ever writes, including each failing statement
  t = await startTestApp({ logger: createLogger('debug', { write: (line: string) => void logged.push(line) }) });
});
afterAll(() => t?.close());

const REFER = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const referral = (initials: string, youthBirthDate = '2014-04-04') => ({
  input: {
    municipalityId: DEN_HAAG,
    referrerType: 'LOCAL_TEAM',
    picId: currentPic('P01'),
    providerId: providerId('jeugdformaat'),
    youthInitials: initials,
    youthBirthDate,
    question: 'Vraag',
    goals: [],
  },
});

async function post(token: string, query: string, variables: Record<string, unknown>, key?: string) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as any };
}

describe('no personal data or secrets at rest where they do not belong', () => {
  it('a failing statement about a youth writes neither its parameters nor the failing row to the log', async () => {
    // a refusal no service expects: the statement fails, and the error is logged as unexpected
    await t.admin.query(`ALTER TABLE youth ADD CONSTRAINT test_refuses_initials CHECK (initials <> 'S.A.R.')`);
    try {
      const result = await post(await t.login('lokaalteam@denhaag.example'), REFER, referral('S.A.R.', '2013-03-13'));
      expect(result.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await t.admin.query(`ALTER TABLE youth DROP CONSTRAINT test_refuses_initials`);
    }
    expect(logged.some((line) => line.includes('test_refuses_initials'))).toBe(true); // the failure is logged
    const leaks = logged.filter((line) => line.includes('S.A.R.') || line.includes('2013-03-13'));
    expect(leaks).toEqual([]);
  });

  it('a sign-in repeated with the same Idempotency-Key never hands out its token again', async () => {
    const session = await t.login('lokaalteam@denhaag.example');
    const key = randomUUID();
    const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token } }`;
    const input = { input: { email: 'lokaalteam@denhaag.example', password: DEMO_PASSWORD } };
    const first = await post(session, LOGIN, input, key);
    const again = await post(session, LOGIN, input, key);
    const token = first.body.data.login.token as string;
    expect(again.replayed).toBeNull();
    expect(again.body.data.login.token).not.toBe(token);
    const { rows } = await t.admin.query(`SELECT count(*)::int n FROM idempotency_key WHERE response_body LIKE $1`, [
      `%${token}%`,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('another session of the same user gets no stored reply for a key it did not send', async () => {
    const key = randomUUID();
    const mine = await post(await t.login('lokaalteam@denhaag.example'), REFER, referral('S.O.S.A.'), key);
    const other = await post(await t.login('lokaalteam@denhaag.example'), REFER, referral('S.O.S.A.'), key);
    expect(other.replayed).toBeNull();
    expect(other.body.data.createReferral.id).not.toBe(mine.body.data.createReferral.id);
  });

  it('a forged X-Request-Id (too long, or with characters of its own) never reaches the access log', async () => {
    const token = await t.login('lokaalteam@denhaag.example');
    const trajectory = await post(token, REFER, referral('S.R.I.D.'));
    const read = `query($id: ID!) { trajectory(id: $id) { youth { id initials } } }`;
    const forged = ['x'.repeat(65), 'id with spaces', '<script>', "1'; DROP TABLE access_log; --", 'ïd', 'a\tb'];
    for (const id of [...forged, 'portal-7f3a.2_b']) {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': id },
        body: JSON.stringify({ query: read, variables: { id: trajectory.body.data.createReferral.id } }),
      });
      expect(response.status).toBe(200);
    }
    const { rows } = await t.admin.query(
      `SELECT request_id FROM access_log l JOIN youth y ON y.id = l.youth_id WHERE y.initials = 'S.R.I.D.'`,
    );
    const ids = rows.map((r) => r.request_id as string);
    for (const id of forged) expect(ids).not.toContain(id);
    expect(ids).toContain('portal-7f3a.2_b');
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
  });
});
