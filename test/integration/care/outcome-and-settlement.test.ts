import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, providerId, refer, REQUEST_EXPERTISE, RESPOND } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
});
afterAll(() => t?.close());

const SUBMIT = `mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id version endReasonCode cbsEndCode dropout continuation satisfaction { informant score } goalResults { realisation goal { id } } } }`;
const CORRECT = `mutation($input: CorrectOutcomeInput!) { correctOutcome(input: $input) { version correctionReason dropout } }`;
const CLOSE = `mutation($id: ID!) { closeTrajectory(trajectoryId: $id) { status closedAt settlement { version fundingVariant tariffCents goalShare percentagePaid amountCents bonusMalusCents } } }`;
const HELP = `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { goals { id } } }`;

/** An active trajectory with `goals` treatment goals, paid as `variant` (set behind the API). */
async function activeTrajectory(
  goals: number,
  options: { variant?: 'OUTPUT' | 'EFFORT' | 'TASK'; profile?: string; intensity?: string } = {},
) {
  const trajectory = await accept(
    jeugdformaat,
    (await refer(referrer, { profile: options.profile ?? 'P02', intensity: options.intensity })).id,
  );
  const help = await jeugdformaat(HELP, {
    input: {
      trajectoryId: trajectory.id,
      version: 1,
      goals: Array.from({ length: goals }, (_, i) => ({ kind: 'TREATMENT', description: `Doel ${i + 1}` })),
    },
  });
  if (options.variant)
    await t.admin.query(`UPDATE trajectory SET funding_variant = $2 WHERE id = $1`, [trajectory.id, options.variant]);
  return {
    id: trajectory.id as string,
    youthId: trajectory.youth.id as string,
    goalIds: help.data!.updateHelpPlan.goals.map((g: any) => g.id) as string[],
  };
}

const outcomeInput = (id: string, goalIds: string[], realisations: string[], extra: Record<string, unknown> = {}) => ({
  trajectoryId: id,
  goalResults: goalIds.map((goalId, i) => ({ goalId, realisation: realisations[i] })),
  satisfaction: [
    { informant: 'YOUTH', score: 7 },
    { informant: 'PARENT', score: null },
  ],
  continuation: 'LIGHTER',
  endReasonCode: '31',
  ...extra,
});

describe('outcome reports', () => {
  it('closing without an outcome is refused (OUTCOME_REQUIRED) and changes nothing', async () => {
    const { id } = await activeTrajectory(1);
    const r = await jeugdformaat(CLOSE, { id });
    expect(r.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'OUTCOME_REQUIRED' });
    const { rows } = await t.admin.query(`SELECT status, closed_at FROM trajectory WHERE id = $1`, [id]);
    expect(rows[0]).toEqual({ status: 'ACTIVE', closed_at: null });
  });

  it('records results, separate satisfaction of youth and parent, and derives dropout from JZ588', async () => {
    const { id, goalIds } = await activeTrajectory(2);
    const r = await jeugdformaat(SUBMIT, {
      input: outcomeInput(id, goalIds, ['ACHIEVED', 'NOT_ACHIEVED'], { endReasonCode: '32' }),
    });
    expect(r.data!.submitOutcome).toMatchObject({
      version: 1,
      endReasonCode: '32',
      cbsEndCode: '03',
      dropout: true,
      continuation: 'LIGHTER',
      satisfaction: [
        { informant: 'YOUTH', score: 7 },
        { informant: 'PARENT', score: null },
      ],
      goalResults: [
        { realisation: 'ACHIEVED', goal: { id: goalIds[0] } },
        { realisation: 'NOT_ACHIEVED', goal: { id: goalIds[1] } },
      ],
    });
  });

  it('refuses an outcome without a result for every treatment goal, an unknown JZ588 code, and a score out of range', async () => {
    const { id, goalIds } = await activeTrajectory(2);
    const r = await jeugdformaat(SUBMIT, {
      input: outcomeInput(id, goalIds.slice(0, 1), ['ACHIEVED'], { endReasonCode: '99' }),
    });
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.fields.map((f: any) => f.field).sort()).toEqual([
      'input.endReasonCode',
      'input.goalResults',
    ]);
    const twenty = await jeugdformaat(SUBMIT, {
      input: outcomeInput(id, goalIds, ['ACHIEVED', 'ACHIEVED'], { endReasonCode: '20' }),
    });
    expect(twenty.errors![0].extensions!.fields[0].message).toMatch(/temporary interruption/);
    const score = await jeugdformaat(SUBMIT, {
      input: {
        ...outcomeInput(id, goalIds, ['ACHIEVED', 'ACHIEVED']),
        satisfaction: [{ informant: 'YOUTH', score: 11 }],
      },
    });
    expect(score.errors![0].extensions!.fields).toEqual([
      {
        field: 'input.satisfaction.0.score',
        reason: 'BETWEEN',
        params: { min: 1, max: 10 },
        message: 'must be between 1 and 10',
      },
    ]);
    expect(
      (await t.admin.query(`SELECT count(*)::int n FROM outcome_report WHERE trajectory_id = $1`, [id])).rows[0].n,
    ).toBe(0);
  });

  it('cannot be edited: submitting again is IMMUTABLE, the database refuses an update; a correction is a new version with a reason', async () => {
    const { id, goalIds } = await activeTrajectory(1);
    await jeugdformaat(SUBMIT, { input: outcomeInput(id, goalIds, ['ACHIEVED']) });
    const again = await jeugdformaat(SUBMIT, { input: outcomeInput(id, goalIds, ['NOT_ACHIEVED']) });
    expect(again.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'IMMUTABLE' });
    await expect(
      t.admin.query(`UPDATE outcome_report SET end_reason_code = '34' WHERE trajectory_id = $1`, [id]),
    ).rejects.toThrow(/immutable/);
    await expect(t.admin.query(`DELETE FROM goal_result WHERE goal_id = $1`, [goalIds[0]])).rejects.toThrow(
      /immutable/,
    );
    const noReason = await jeugdformaat(CORRECT, { input: outcomeInput(id, goalIds, ['NOT_ACHIEVED']) });
    expect(noReason.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const corrected = await jeugdformaat(CORRECT, {
      input: {
        ...outcomeInput(id, goalIds, ['NOT_ACHIEVED'], { endReasonCode: '32' }),
        reason: 'Verkeerde einddatum en reden ingevuld',
      },
    });
    expect(corrected.data!.correctOutcome).toEqual({
      version: 2,
      correctionReason: 'Verkeerde einddatum en reden ingevuld',
      dropout: true,
    });
    const seen = await jeugdformaat(
      `query($id: ID!) { trajectory(id: $id) { outcome { version dropout } outcomeVersions { version } } }`,
      { id },
    );
    expect(seen.data!.trajectory).toEqual({
      outcome: { version: 2, dropout: true },
      outcomeVersions: [{ version: 2 }, { version: 1 }],
    });
  });

  it('figures use the latest version: correcting a closed outcome updates the facts and settles again', async () => {
    const { id, goalIds } = await activeTrajectory(2, { variant: 'OUTPUT' });
    await jeugdformaat(SUBMIT, { input: outcomeInput(id, goalIds, ['ACHIEVED', 'ACHIEVED']) });
    const closed = await jeugdformaat(CLOSE, { id });
    expect(closed.data!.closeTrajectory.settlement).toMatchObject({ version: 1, percentagePaid: 100 });
    await jeugdformaat(CORRECT, {
      input: {
        ...outcomeInput(id, goalIds, ['NOT_ACHIEVED', 'NOT_ACHIEVED'], { endReasonCode: '32' }),
        reason: 'Doelen bleken niet gehaald',
      },
    });
    const {
      rows: [fact],
    } = await t.admin.query(`SELECT goals_achieved, dropout FROM trajectory_fact WHERE trajectory_id = $1`, [id]);
    expect(fact).toEqual({ goals_achieved: 0, dropout: true });
    const settlements = await jeugdformaat(
      `query($id: ID!) { trajectory(id: $id) { settlements { version percentagePaid correctionReason } } }`,
      { id },
    );
    expect(settlements.data!.trajectory.settlements).toEqual([
      { version: 2, percentagePaid: 60, correctionReason: 'Doelen bleken niet gehaald' },
      { version: 1, percentagePaid: 100, correctionReason: null },
    ]);
    await expect(
      t.admin.query(`UPDATE settlement SET amount_cents = 1 WHERE trajectory_id = $1`, [id]),
    ).rejects.toThrow(/immutable/);
  });

  it('the referrer records societal results, also after closure', async () => {
    const { id, goalIds } = await activeTrajectory(1);
    await jeugdformaat(SUBMIT, { input: outcomeInput(id, goalIds, ['ACHIEVED']) });
    await jeugdformaat(CLOSE, { id });
    const plan = await referrer(`query($id: ID!) { trajectory(id: $id) { familyPlan { id goals { id kind } } } }`, {
      id,
    });
    const goal = plan.data!.trajectory.familyPlan.goals[0];
    const recorded = await referrer(
      `mutation($input: RecordSocietalResultsInput!) { recordSocietalResults(input: $input) { id result } }`,
      {
        input: {
          familyPlanId: plan.data!.trajectory.familyPlan.id,
          results: [{ goalId: goal.id, realisation: 'PARTLY_ACHIEVED' }],
        },
      },
    );
    expect(recorded.data!.recordSocietalResults).toEqual([{ id: goal.id, result: 'PARTLY_ACHIEVED' }]);
    const byProvider = await jeugdformaat(
      `mutation($input: RecordSocietalResultsInput!) { recordSocietalResults(input: $input) { id } }`,
      {
        input: {
          familyPlanId: plan.data!.trajectory.familyPlan.id,
          results: [{ goalId: goal.id, realisation: 'ACHIEVED' }],
        },
      },
    );
    expect(byProvider.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('settlement by funding variant', () => {
  it('OUTPUT: the tariff valid on the start date, reduced by the malus in force on the start date, never above the tariff', async () => {
    // P02 × KH from 2024: €3,400 × 1.9 × 1.08 = €6,977 → 697,700 cents
    const { id, goalIds } = await activeTrajectory(4, { variant: 'OUTPUT', intensity: 'KH' });
    await jeugdformaat(SUBMIT, {
      input: outcomeInput(id, goalIds, ['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED', 'NOT_ACHIEVED']),
    });
    const closed = await jeugdformaat(CLOSE, { id });
    // share (1 + 0.5) / 4 = 0.375 → tier 0.25 of the 2024 rule → 75% → 523,275
    expect(closed.data!.closeTrajectory.settlement).toEqual({
      version: 1,
      fundingVariant: 'OUTPUT',
      tariffCents: 697_700,
      goalShare: 0.375,
      percentagePaid: 75,
      amountCents: 523_275,
      bonusMalusCents: -174_425,
    });
  });

  it('OUTPUT: a trajectory that started in 2023 is paid the 2020 tariff and the 2020–2023 bonus-malus rule', async () => {
    const { id, goalIds } = await activeTrajectory(2, { variant: 'OUTPUT' });
    await t.admin.query(
      `UPDATE trajectory SET referred_at = '2023-05-01T09:00Z', started_at = '2023-06-01T09:00Z' WHERE id = $1`,
      [id],
    );
    await jeugdformaat(SUBMIT, { input: outcomeInput(id, goalIds, ['ACHIEVED', 'PARTLY_ACHIEVED']) });
    const closed = await jeugdformaat(CLOSE, { id });
    // P02 × KL in 2023: 340,000 cents; share 0.75 → the 2020 rule's 0.5 tier → 85% → 289,000
    expect(closed.data!.closeTrajectory.settlement).toMatchObject({
      tariffCents: 340_000,
      goalShare: 0.75,
      percentagePaid: 85,
      amountCents: 289_000,
    });
  });

  it('EFFORT: units × price from the price list', async () => {
    const { id, goalIds } = await activeTrajectory(1, { variant: 'EFFORT' });
    const REGISTER = `mutation($input: RegisterDeliveredUnitsInput!) { registerDeliveredUnits(input: $input) { productCode unitCode quantity priceCents } }`;
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (
        await jeugdformaat(REGISTER, {
          input: { trajectoryId: id, productCode: 'JGGZ01', quantity: 12, deliveredOn: today },
        })
      ).data!.registerDeliveredUnits,
    ).toEqual({ productCode: 'JGGZ01', unitCode: '04', quantity: 12, priceCents: 11_250 });
    await jeugdformaat(REGISTER, {
      input: { trajectoryId: id, productCode: 'JDAG01', quantity: 3, deliveredOn: today },
    });
    const unknown = await jeugdformaat(REGISTER, {
      input: { trajectoryId: id, productCode: 'NOPE01', quantity: 1, deliveredOn: today },
    });
    expect(unknown.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.productCode' }],
    });
    await jeugdformaat(SUBMIT, { input: outcomeInput(id, goalIds, ['NOT_ACHIEVED']) });
    const closed = await jeugdformaat(CLOSE, { id });
    expect(closed.data!.closeTrajectory.settlement).toMatchObject({
      fundingVariant: 'EFFORT',
      tariffCents: null,
      percentagePaid: null,
      amountCents: 12 * 11_250 + 3 * 5_520,
    });
  });

  it('TASK: no per-client amount; spend counts against the consortium’s population budget', async () => {
    const { id, goalIds } = await activeTrajectory(1, { variant: 'TASK' });
    const today = new Date().toISOString().slice(0, 10);
    const { data } = await jeugdformaat(`{ consortia { id name } }`);
    const rondomjou = data!.consortia.find((c: any) => c.name === 'RondomJou').id;
    const BUDGETS = `query($id: ID!, $year: Int!) { populationBudgets(consortiumId: $id, year: $year) { id area { name } amountCents allocatedCents spentCents allocations { provider { name } amountCents } } }`;
    const year = Number(today.slice(0, 4));
    const before = (await jeugdformaat(BUDGETS, { id: rondomjou, year })).data!.populationBudgets.find(
      (b: any) => b.area.name === 'Escamp',
    );
    await jeugdformaat(
      `mutation($input: RegisterDeliveredUnitsInput!) { registerDeliveredUnits(input: $input) { quantity } }`,
      { input: { trajectoryId: id, productCode: 'JBEG01', quantity: 10, deliveredOn: today } },
    );
    await jeugdformaat(SUBMIT, { input: outcomeInput(id, goalIds, ['ACHIEVED']) });
    const closed = await jeugdformaat(CLOSE, { id });
    expect(closed.data!.closeTrajectory.settlement).toMatchObject({ fundingVariant: 'TASK', amountCents: 0 });
    const after = (await jeugdformaat(BUDGETS, { id: rondomjou, year })).data!.populationBudgets.find(
      (b: any) => b.area.name === 'Escamp',
    );
    expect(after.spentCents - before.spentCents).toBe(10 * 6_480);
    expect(after.allocatedCents).toBeLessThanOrEqual(after.amountCents);

    // only the lead partner allocates, and never more than the budget
    const ALLOCATE = `mutation($input: AllocateBudgetInput!) { allocateBudget(input: $input) { allocatedCents } }`;
    const over = await t.as('admin@jeugdformaat.example')(ALLOCATE, {
      input: {
        budgetId: after.id,
        allocations: [{ providerId: providerId('parnassia'), amountCents: after.amountCents + 1 }],
      },
    });
    expect(over.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.allocations' }],
    });
    const ok = await t.as('admin@jeugdformaat.example')(ALLOCATE, {
      input: {
        budgetId: after.id,
        allocations: [
          { providerId: providerId('parnassia'), amountCents: 1_000_000 },
          { providerId: providerId('jeugdformaat'), amountCents: 2_000_000 },
        ],
      },
    });
    expect(ok.data!.allocateBudget.allocatedCents).toBe(3_000_000);
    // the lead of another consortium does not even see the budget
    const notLead = await t.as('admin@incluzio.example')(ALLOCATE, { input: { budgetId: after.id, allocations: [] } });
    expect(notLead.errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});

describe('subcontract payouts', () => {
  it('a main contractor owes each subcontractor the agreed rate per accepted request; the municipality pays only the main contractor', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const PAYOUTS = `query($from: Date!, $to: Date!) { subcontractPayouts(from: $from, to: $to) { subcontractor { name } consultations coTreatments amountCents } }`;
    const admin = t.as('admin@jeugdformaat.example');
    const before = (await admin(PAYOUTS, { from: today, to: today })).data!.subcontractPayouts;
    const duinzichtBefore = before.find((p: any) => p.subcontractor.name === 'Praktijk Duinzicht') ?? {
      consultations: 0,
      coTreatments: 0,
      amountCents: 0,
    };
    for (const mode of ['CONSULTATION', 'CO_TREATMENT', 'CO_TREATMENT']) {
      const { id } = await activeTrajectory(1, { profile: 'P06' });
      const request = await jeugdformaat(REQUEST_EXPERTISE, {
        input: { trajectoryId: id, providerId: providerId('duinzicht'), mode, question: 'Vraag' },
      });
      await t.as('staff@duinzicht.example')(RESPOND, {
        input: { id: request.data!.requestExpertise.id, accept: true },
      });
    }
    // a declined request and a consortium partner's request are not paid out
    const { id } = await activeTrajectory(1, { profile: 'P06' });
    const declined = await jeugdformaat(REQUEST_EXPERTISE, {
      input: { trajectoryId: id, providerId: providerId('duinzicht'), mode: 'CONSULTATION', question: 'Vraag' },
    });
    await t.as('staff@duinzicht.example')(RESPOND, {
      input: { id: declined.data!.requestExpertise.id, accept: false, reason: 'Geen capaciteit' },
    });
    const after = (await admin(PAYOUTS, { from: today, to: today })).data!.subcontractPayouts.find(
      (p: any) => p.subcontractor.name === 'Praktijk Duinzicht',
    );
    // seeded subcontract Jeugdformaat → Duinzicht: €350 per consultation, €1,800 per co-treatment
    expect(after.consultations - duinzichtBefore.consultations).toBe(1);
    expect(after.coTreatments - duinzichtBefore.coTreatments).toBe(2);
    expect(after.amountCents - duinzichtBefore.amountCents).toBe(35_000 + 2 * 180_000);
    const other = await t.as('admin@incluzio.example')(PAYOUTS, { from: today, to: today });
    expect(other.data!.subcontractPayouts.map((p: any) => p.subcontractor.name)).not.toContain('Praktijk Duinzicht');
    expect((await jeugdformaat(PAYOUTS, { from: today, to: today })).errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
