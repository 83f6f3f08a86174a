import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, refer } from '../helpers/care.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A request text Apollo validated once is answered without Apollo's pipeline from then on
 * (`x-known-operation`): the answer must be byte for byte what Apollo writes, errors included, and
 * a mutation that errs on that path must leave nothing behind, as through Apollo.
 */
let t: TestApp;
let tokens: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  tokens = {};
  for (const email of ['staff@jeugdformaat.example', 'staff@middin.example', 'contractmanager@denhaag.example'])
    tokens[email] = await t.login(email);
});
afterAll(() => t?.close());

/** One POST as the client sends it, answered as raw text. */
async function post(email: string | null, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(email ? { authorization: `Bearer ${tokens[email]}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.text(),
    known: response.headers.get('x-known-operation') === 'true',
  };
}

const SAVE = `mutation($input: UpdateHelpPlanInput!) {
  updateHelpPlan(input: $input) { id version effortDescription endDate }
}`;

async function activeTrajectory(): Promise<string> {
  const referral = await refer(t.as('lokaalteam@denhaag.example'));
  await accept(t.as('staff@jeugdformaat.example'), referral.id);
  await t.admin.query(
    `UPDATE trajectory SET referred_at = '2026-02-27T09:00:00Z', started_at = '2026-03-02T09:00:00Z' WHERE id = $1`,
    [referral.id],
  );
  return referral.id;
}

/** What a help-plan save leaves: the plan, its revisions, events and its access-log rows. */
async function traceOf(id: string) {
  const { rows } = await t.admin.query(
    `SELECT (SELECT to_jsonb(p) FROM (SELECT version, effort_description, end_date::text FROM help_plan WHERE trajectory_id = $1) p) AS plan,
            (SELECT count(*)::int FROM plan_revision WHERE help_plan_id = $1) AS revisions,
            (SELECT count(*)::int FROM trajectory_event WHERE trajectory_id = $1) AS events,
            (SELECT count(*)::int FROM access_log l JOIN trajectory tr ON tr.youth_id = l.youth_id WHERE tr.id = $1 AND l.action = 'UPDATE') AS logged`,
    [id],
  );
  return rows[0];
}

describe('a known request text', () => {
  it('is answered byte for byte as Apollo answered it, errors included', async () => {
    const id = await activeTrajectory();
    const cases: [string | null, string, Record<string, unknown>][] = [
      [
        'staff@jeugdformaat.example',
        `{ trajectories(first: 3) { edges { node { id status youth { initials } } } } }`,
        {},
      ],
      // a resolver's refusal, a malformed id (validated arguments), no session, another provider
      ['contractmanager@denhaag.example', `query($id: ID!) { trajectory(id: $id) { id } }`, { id }],
      ['staff@jeugdformaat.example', `query($id: ID!) { trajectory(id: $id) { id } }`, { id: 'not-an-id' }],
      [null, `query($id: ID!) { trajectory(id: $id) { id } }`, { id }],
      ['staff@middin.example', `query($id: ID!) { trajectory(id: $id) { id helpPlan { version } } }`, { id }],
      // refused mutations: a stale version, a text longer than allowed, another provider's plan
      ['staff@jeugdformaat.example', SAVE, { input: { trajectoryId: id, version: 99, effortDescription: 'Oud.' } }],
      [
        'staff@jeugdformaat.example',
        SAVE,
        { input: { trajectoryId: id, version: 1, effortDescription: 'x'.repeat(20_001) } },
      ],
      ['staff@middin.example', SAVE, { input: { trajectoryId: id, version: 1, effortDescription: 'Niet van ons.' } }],
    ];
    const before = await traceOf(id);
    for (const [i, [email, query, variables]] of cases.entries()) {
      // a text of its own, so the first request goes through Apollo
      const text = `${query} # case ${i}`;
      const first = await post(email, text, variables);
      const second = await post(email, text, variables);
      expect([first.known, second.known], text).toEqual([false, true]);
      expect(second, text).toEqual({ ...first, known: true });
    }
    // the texts without the comment, known by now
    const answers = await Promise.all(cases.map(([email, query, variables]) => post(email, query, variables)));
    const codes = answers.map((a) => (JSON.parse(a.text) as { errors?: { extensions: { code: string } }[] }).errors);
    expect(codes.map((errors) => errors?.map((e) => e.extensions.code))).toEqual([
      undefined,
      ['FORBIDDEN'],
      ['BAD_USER_INPUT'],
      ['UNAUTHENTICATED'],
      undefined, // another provider's trajectory: null
      ['CONFLICT'],
      ['BAD_USER_INPUT'],
      ['NOT_FOUND'],
    ]);
    // nothing of the refused saves was written, on either path
    expect(await traceOf(id)).toEqual(before);
  });

  it('commits a mutation that succeeds and rolls back one that errs', async () => {
    const id = await activeTrajectory();
    const staff = 'staff@jeugdformaat.example';
    const text = `${SAVE} # commits and rolls back`;
    const save = (input: Record<string, unknown>) => post(staff, text, { input: { trajectoryId: id, ...input } });
    const first = await save({ version: 1, effortDescription: 'Eerste.' });
    expect(first.known).toBe(false);
    const second = await save({ version: 2, effortDescription: 'Tweede.', endDate: '2026-12-31' });
    expect(second.known).toBe(true);
    expect(JSON.parse(second.text)).toEqual({
      data: { updateHelpPlan: { id, version: 3, effortDescription: 'Tweede.', endDate: '2026-12-31' } },
    });
    const saved = await traceOf(id);
    expect(saved.plan).toEqual({ version: 3, effort_description: 'Tweede.', end_date: '2026-12-31' });
    expect(saved.revisions).toBe(2);
    // an end date before the start: the one-statement save wrote, the rule refused it, all rolled back
    const refused = await save({ version: 3, effortDescription: 'Vroeg.', endDate: '2026-03-01' });
    expect(refused.known).toBe(true);
    expect(JSON.parse(refused.text).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.endDate', reason: 'BEFORE_TRAJECTORY_START' }],
    });
    expect(await traceOf(id)).toEqual(saved);
  });
});
