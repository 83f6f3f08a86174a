import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../integration/helpers/care.js';
import { startTestApp, type TestApp } from '../integration/helpers/test-app.js';
import { asViewer as asViewerOf } from './helpers/as-viewer.js';

/**
 * Only the parts they need: a provider that adds expertise sees the goals of the life domains the
 * main contractor shared with it, and nothing else of the family plan's goals — through the API,
 * through the plan's history, and in PostgreSQL itself as the application role.
 */

const STAFF = 'staff@jeugdformaat.example';
const RECEIVER = 'staff@duinzicht.example';

const GOALS = [
  { kind: 'SOCIETAL', description: 'Gaat weer vier dagen naar school', lifeDomain: 'SCHOOL_OR_DAYTIME_ACTIVITY' },
  { kind: 'SOCIETAL', description: 'De schulden zijn in beeld bij schuldhulp', lifeDomain: 'INCOME_AND_DEBTS' },
  { kind: 'SOCIETAL', description: 'Thuis is het veilig voor iedereen', lifeDomain: 'SAFETY' },
];

let t: TestApp;
let app: pg.Client;
let trajectoryId: string;
let youthId: string;
let familyPlanId: string;

beforeAll(async () => {
  t = await startTestApp();
  const referred = await refer(t.as('lokaalteam@denhaag.example'), { initials: 'L.D.', birthDate: '2010-04-05' });
  trajectoryId = referred.id;
  youthId = referred.youth.id;
  familyPlanId = referred.familyPlan.id;
  await accept(t.as(STAFF), trajectoryId);
  const updated = await t.as(STAFF)(
    `mutation($input: UpdateFamilyPlanInput!) { updateFamilyPlan(input: $input) { version } }`,
    { input: { id: familyPlanId, version: referred.familyPlan.version, goals: GOALS } },
  );
  expect(updated.errors).toBeUndefined();
  const requested = await t.as(STAFF)(REQUEST_EXPERTISE, {
    input: {
      trajectoryId,
      providerId: providerId('duinzicht'),
      mode: 'CONSULTATION',
      question: 'Meekijken naar het schoolverzuim?',
      sharedLifeDomains: ['SCHOOL_OR_DAYTIME_ACTIVITY'],
    },
  });
  expect(requested.errors).toBeUndefined();
  const answered = await t.as(RECEIVER)(RESPOND, { input: { id: requested.data!.requestExpertise.id, accept: true } });
  expect(answered.errors).toBeUndefined();
  app = new pg.Client({ connectionString: t.db.appUrl });
  await app.connect();
}, 120_000);

afterAll(async () => {
  await app?.end();
  await t?.close();
});

const PLAN = `query($id: ID!) { trajectory(id: $id) {
  familyPlan { goals { description lifeDomain } history { version changes { field after } } }
  expertiseRequests { sharedLifeDomains consentBy provider { name } } } }`;

const asViewer = <T>(email: string, sql: string, params: unknown[]) => asViewerOf<T>(t, app, email, sql, params);

describe('an expertise provider given one life domain', () => {
  it('cannot read the goals of the other life domains through the API, and its read is logged', async () => {
    const before = (await t.admin.query(`SELECT coalesce(max(id), 0) AS id FROM access_log`)).rows[0].id;
    const r = await t.as(RECEIVER)(PLAN, { id: trajectoryId });
    expect(r.errors).toBeUndefined();
    expect(r.data!.trajectory.familyPlan.goals).toEqual([
      { description: GOALS[0].description, lifeDomain: 'SCHOOL_OR_DAYTIME_ACTIVITY' },
    ]);
    const logged = await t.admin.query(
      `SELECT action, organisation_name FROM access_log WHERE id > $1 AND youth_id = $2 AND user_email = $3`,
      [before, youthId, RECEIVER],
    );
    expect(logged.rows.length).toBeGreaterThan(0);
    expect(logged.rows[0]).toMatchObject({ action: 'READ' });
  });

  it('cannot read the other goals through the plan’s version history (it holds every goal’s text)', async () => {
    const r = await t.as(RECEIVER)(PLAN, { id: trajectoryId });
    expect(r.data!.trajectory.familyPlan.history).toEqual([]);
    expect(JSON.stringify(r.data)).not.toContain(GOALS[1].description);
  });

  it('cannot read the other goals in SQL as the application role (row-level security)', async () => {
    const goals = await asViewer<{ life_domain: string }>(
      RECEIVER,
      `SELECT life_domain FROM goal WHERE family_plan_id = $1 ORDER BY position`,
      [familyPlanId],
    );
    expect(goals.map((g) => g.life_domain)).toEqual(['SCHOOL_OR_DAYTIME_ACTIVITY']);
    const history = await asViewer(RECEIVER, `SELECT 1 FROM plan_revision WHERE family_plan_id = $1`, [familyPlanId]);
    expect(history).toEqual([]);
  });

  it('leaves the main contractor the whole plan, and shows both sides what is shared with whom', async () => {
    const r = await t.as(STAFF)(PLAN, { id: trajectoryId });
    expect(r.data!.trajectory.familyPlan.goals.map((g: any) => g.lifeDomain)).toEqual(GOALS.map((g) => g.lifeDomain));
    expect(r.data!.trajectory.familyPlan.history.length).toBeGreaterThan(0);
    const asReceiver = await t.as(RECEIVER)(PLAN, { id: trajectoryId });
    for (const view of [r, asReceiver]) {
      expect(view.data!.trajectory.expertiseRequests).toEqual([
        // born 2010-04-05: 16 or older, so the youth alone consented
        {
          sharedLifeDomains: ['SCHOOL_OR_DAYTIME_ACTIVITY'],
          consentBy: 'YOUTH',
          provider: { name: expect.any(String) },
        },
      ]);
    }
    const rls = await asViewer(STAFF, `SELECT 1 FROM goal WHERE family_plan_id = $1`, [familyPlanId]);
    expect(rls.length).toBe(3);
  });
});
