import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, refer } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

/**
 * Saving a help plan's text and end date reads, locks and writes in one statement, and checks the
 * rules on what it read; with goals it reads first. Both must leave the same trace, and a refused
 * save must leave none: the refused one-statement save is rolled back.
 */
let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
});
afterAll(() => t?.close());

const SAVE = `mutation($input: UpdateHelpPlanInput!) {
  updateHelpPlan(input: $input) { id version effortDescription endDate goals { description } }
}`;

async function activeTrajectory(): Promise<string> {
  const referral = await refer(referrer);
  await accept(jeugdformaat, referral.id);
  await t.admin.query(
    `UPDATE trajectory SET referred_at = '2026-02-27T09:00:00Z', started_at = '2026-03-02T09:00:00Z' WHERE id = $1`,
    [referral.id],
  );
  return referral.id;
}

/** All a save leaves of itself: the plan, its revisions, its timeline events and its access-log rows. */
async function traceOf(trajectoryId: string) {
  const { rows } = await t.admin.query(
    `SELECT (SELECT to_jsonb(p) FROM (SELECT version, effort_description, end_date::text FROM help_plan WHERE trajectory_id = $1) p) AS plan,
            (SELECT jsonb_agg(jsonb_build_array(r.version, r.changes) ORDER BY r.version) FROM plan_revision r WHERE r.help_plan_id = $1) AS revisions,
            (SELECT jsonb_agg(e.detail ORDER BY e.id) FROM trajectory_event e WHERE e.trajectory_id = $1 AND e.kind = 'HELP_PLAN_UPDATED') AS events,
            (SELECT count(*)::int FROM access_log l JOIN trajectory tr ON tr.youth_id = l.youth_id
              WHERE tr.id = $1 AND l.action = 'UPDATE' AND l.purpose = 'help plan') AS logged`,
    [trajectoryId],
  );
  return rows[0];
}

describe('saving a help plan', () => {
  it('leaves the same revisions, events and log rows with and without goals in the input', async () => {
    const [plain, withGoals] = [await activeTrajectory(), await activeTrajectory()];
    const saves = [
      { effortDescription: '  Twee keer per week gezinsbegeleiding.  ', endDate: '2026-09-30' },
      { effortDescription: 'Twee keer per week gezinsbegeleiding.' }, // nothing changes
      { endDate: null },
      { effortDescription: 'Eens per week.', endDate: '2026-12-31' },
    ];
    for (const [i, save] of saves.entries()) {
      const a = await jeugdformaat(SAVE, { input: { trajectoryId: plain, version: i + 1, ...save } });
      const b = await jeugdformaat(SAVE, { input: { trajectoryId: withGoals, version: i + 1, ...save, goals: [] } });
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect({ ...a.data!.updateHelpPlan, id: undefined }).toEqual({ ...b.data!.updateHelpPlan, id: undefined });
    }
    const trace = await traceOf(plain);
    expect(trace).toEqual(await traceOf(withGoals));
    expect(trace.plan).toEqual({ version: 5, effort_description: 'Eens per week.', end_date: '2026-12-31' });
    expect(trace.events).toEqual(['effortDescription, endDate', null, 'endDate', 'effortDescription, endDate']);
    expect(trace.revisions[0]).toEqual([
      2,
      [
        { field: 'effortDescription', before: '', after: 'Twee keer per week gezinsbegeleiding.' },
        { field: 'endDate', before: null, after: '2026-09-30' },
      ],
    ]);
    expect(trace.revisions[2]).toEqual([4, [{ field: 'endDate', before: '2026-09-30', after: null }]]);
    expect(trace.logged).toBe(4);
  });

  it('writes nothing when the save is refused, also when the one statement had already written it', async () => {
    const id = await activeTrajectory();
    expect(
      (await jeugdformaat(SAVE, { input: { trajectoryId: id, version: 1, effortDescription: 'Start.' } })).errors,
    ).toBe(undefined);
    const before = await traceOf(id);

    // the statement writes (RLS allows it), then the rule refuses an end before the start: rolled back
    const early = await jeugdformaat(SAVE, {
      input: { trajectoryId: id, version: 2, effortDescription: 'Vroeg.', endDate: '2026-03-01' },
    });
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.endDate', reason: 'BEFORE_TRAJECTORY_START' }],
    });
    const stale = await jeugdformaat(SAVE, { input: { trajectoryId: id, version: 1, effortDescription: 'Oud.' } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const other = await t.as('staff@parnassia.example')(SAVE, {
      input: { trajectoryId: id, version: 2, effortDescription: 'Niet van ons.' },
    });
    expect(other.errors?.[0]?.extensions?.code).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
    await t.admin.query(`UPDATE trajectory SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [id]);
    const closed = await jeugdformaat(SAVE, { input: { trajectoryId: id, version: 2, effortDescription: 'Later.' } });
    expect(closed.errors?.[0]?.message).toBe('The help plan of an ended trajectory cannot change.');

    expect(await traceOf(id)).toEqual(before);
  });
});
