import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, providerId, refer } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
beforeAll(async () => {
  t = await startTestApp({ poolSize: 12 });
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
});
afterAll(() => t?.close());

const UPDATE_FAMILY_PLAN = `mutation($input: UpdateFamilyPlanInput!) { updateFamilyPlan(input: $input) { version question } }`;

describe('optimistic concurrency on plans (domain rule 7)', () => {
  it('10 parallel updates with the same version: exactly one succeeds, the others get CONFLICT with the current version', async () => {
    const referral = await refer(referrer);
    const planId = referral.familyPlan.id;
    // both editors may change the plan: the referrer and the responsible provider
    await accept(jeugdformaat, referral.id);
    const editors = [referrer, jeugdformaat];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        editors[i % 2](UPDATE_FAMILY_PLAN, { input: { id: planId, version: 1, question: `Vraag van editor ${i}` } }),
      ),
    );
    const succeeded = results.filter((r) => r.data?.updateFamilyPlan);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(succeeded).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    for (const c of conflicts) expect(c.errors![0].extensions!.currentVersion).toBe(2);

    const winner = succeeded[0].data!.updateFamilyPlan.question;
    const { rows } = await t.admin.query(`SELECT version, question FROM family_plan WHERE id = $1`, [planId]);
    expect(rows[0]).toEqual({ version: 2, question: winner });
    const history = await referrer(
      `query($id: ID!) { trajectory(id: $id) { familyPlan { history { version changedByName changes { field before after } } } } }`,
      { id: referral.id },
    );
    expect(history.data!.trajectory.familyPlan.history).toEqual([
      {
        version: 2,
        changedByName: expect.any(String),
        changes: [{ field: 'question', before: 'Angstklachten; gaat niet naar school.', after: winner }],
      },
    ]);
  });

  it('a stale help-plan update changes nothing and tells the current version', async () => {
    const referral = await accept(jeugdformaat, (await refer(referrer)).id);
    const UPDATE = `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { version effortDescription } }`;
    expect(
      (await jeugdformaat(UPDATE, { input: { trajectoryId: referral.id, version: 1, effortDescription: 'eerste' } }))
        .data!.updateHelpPlan.version,
    ).toBe(2);
    const stale = await jeugdformaat(UPDATE, {
      input: { trajectoryId: referral.id, version: 1, effortDescription: 'verouderd' },
    });
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const { rows } = await t.admin.query(`SELECT version, effort_description FROM help_plan WHERE trajectory_id = $1`, [
      referral.id,
    ]);
    expect(rows[0]).toEqual({ version: 2, effort_description: 'eerste' });
  });

  it('parallel help-plan saves with goals at the same version: one wins, the goals are exactly its goals, one revision and one event', async () => {
    const referral = await accept(jeugdformaat, (await refer(referrer)).id);
    const societal = referral.familyPlan.goals[0].id;
    const UPDATE = `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { version goals { id description contributesTo { id } } } }`;
    const first = await jeugdformaat(UPDATE, {
      input: {
        trajectoryId: referral.id,
        version: 1,
        goals: [
          { kind: 'TREATMENT', description: 'Blijft', contributesToGoalId: societal },
          { kind: 'TREATMENT', description: 'Vervalt' },
        ],
      },
    });
    const [kept] = first.data!.updateHelpPlan.goals;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        jeugdformaat(UPDATE, {
          input: {
            trajectoryId: referral.id,
            version: 2,
            effortDescription: `Inzet ${i}`,
            goals: [
              { id: kept.id, kind: 'TREATMENT', description: `Blijft ${i}` },
              { kind: 'TREATMENT', description: `Nieuw ${i}`, contributesToGoalId: societal },
            ],
          },
        }),
      ),
    );
    const won = results.filter((r) => r.data?.updateHelpPlan);
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.errors))
      expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3 });
    const i = won[0].data!.updateHelpPlan.goals[0].description.split(' ')[1];
    const { rows: goals } = await t.admin.query(
      `SELECT id, description, contributes_to_id FROM goal WHERE help_plan_id = $1 ORDER BY position`,
      [referral.id],
    );
    expect(goals).toEqual([
      { id: kept.id, description: `Blijft ${i}`, contributes_to_id: null },
      { id: expect.any(String), description: `Nieuw ${i}`, contributes_to_id: societal },
    ]);
    const { rows: revisions } = await t.admin.query(
      `SELECT version, changes FROM plan_revision WHERE help_plan_id = $1 ORDER BY version`,
      [referral.id],
    );
    expect(revisions.map((r) => r.version)).toEqual([2, 3]);
    expect(revisions[1].changes.map((c: { field: string }) => c.field)).toEqual(['effortDescription', 'goals']);
    expect(revisions[1].changes[1].after).toBe(`Blijft ${i}\nNieuw ${i}`);
    const { rows: events } = await t.admin.query(
      `SELECT detail FROM trajectory_event WHERE trajectory_id = $1 AND kind = 'HELP_PLAN_UPDATED' ORDER BY id`,
      [referral.id],
    );
    expect(events).toEqual([{ detail: 'goals' }, { detail: 'effortDescription, goals' }]);
  });
});

describe('transfers of responsibility (domain rule 1)', () => {
  const TRANSFER = `mutation($input: TransferResponsibilityInput!) { transferResponsibility(input: $input) { responsibleProvider { name } transfers { status toProvider { name } } } }`;

  it('concurrent transfers never produce two responsible providers or two open transfers', async () => {
    const referral = await accept(jeugdformaat, (await refer(referrer)).id);
    const targets = ['parnassia', 'jess', 'middin', 'incluzio', 'mentaalcure', 'impegno'] as const;
    const results = await Promise.all(
      targets.map((slug, i) =>
        (i % 2 ? referrer : jeugdformaat)(TRANSFER, {
          input: { trajectoryId: referral.id, toProviderId: providerId(slug), reason: `Naar ${slug}` },
        }),
      ),
    );
    expect(results.filter((r) => r.data?.transferResponsibility)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors))
      expect(r.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'ONE_RESPONSIBLE_PROVIDER' });
    const { rows } = await t.admin.query(
      `SELECT (SELECT count(*) FROM responsibility_transfer WHERE trajectory_id = $1 AND status = 'PENDING')::int pending,
              (SELECT count(*) FROM responsibility_period WHERE trajectory_id = $1 AND until IS NULL)::int open_periods,
              (SELECT count(*) FROM trajectory_access WHERE trajectory_id = $1 AND role = 'RESPONSIBLE')::int responsible`,
      [referral.id],
    );
    expect(rows[0]).toEqual({ pending: 1, open_periods: 1, responsible: 1 });
  });

  it('the new provider accepts; the responsibility moves once, recorded, and the old one loses access', async () => {
    const referral = await accept(jeugdformaat, (await refer(referrer)).id);
    const offered = await jeugdformaat(TRANSFER, {
      input: { trajectoryId: referral.id, toProviderId: providerId('parnassia'), reason: 'Specialistische GGZ nodig' },
    });
    expect(offered.data!.transferResponsibility.responsibleProvider.name).toBe('Stichting Jeugdformaat');
    const parnassia = t.as('staff@parnassia.example');
    const { data } = await parnassia(
      `query($id: ID!) { trajectory(id: $id) { id involvement signals transfers { id status } } }`,
      { id: referral.id },
    );
    expect(data!.trajectory).toMatchObject({
      involvement: ['TRANSFER'],
      signals: expect.arrayContaining(['TRANSFER_PENDING']),
    });
    const transferId = data!.trajectory.transfers[0].id;
    const accepted = await parnassia(
      `mutation($input: RespondToTransferInput!) { respondToTransfer(input: $input) { responsibleProvider { name } timeline { kind } } }`,
      { input: { id: transferId, accept: true } },
    );
    expect(accepted.data!.respondToTransfer.responsibleProvider.name).toBe('Parnassia Groep');
    expect(accepted.data!.respondToTransfer.timeline.map((e: any) => e.kind)).toEqual([
      'REFERRED',
      'ACCEPTED',
      'TRANSFER_REQUESTED',
      'RESPONSIBILITY_TRANSFERRED',
    ]);
    const old = await jeugdformaat(`query($id: ID!) { trajectory(id: $id) { id } }`, { id: referral.id });
    expect(old.data!.trajectory).toBeNull();
    const { rows } = await t.admin.query(
      `SELECT p.name, rp.until IS NULL AS open FROM responsibility_period rp JOIN provider p ON p.id = rp.provider_id WHERE trajectory_id = $1 ORDER BY since`,
      [referral.id],
    );
    expect(rows).toEqual([
      { name: 'Stichting Jeugdformaat', open: false },
      { name: 'Parnassia Groep', open: true },
    ]);
  });

  it('the offered provider declines with a reason: recorded, and its access ends', async () => {
    const referral = await accept(jeugdformaat, (await refer(referrer)).id);
    await jeugdformaat(TRANSFER, {
      input: { trajectoryId: referral.id, toProviderId: providerId('parnassia'), reason: 'Andere expertise nodig' },
    });
    const parnassia = t.as('staff@parnassia.example');
    const { data } = await parnassia(`query($id: ID!) { trajectory(id: $id) { transfers { id } } }`, {
      id: referral.id,
    });
    const declined = await parnassia(
      `mutation($input: RespondToTransferInput!) { respondToTransfer(input: $input) { id } }`,
      {
        input: { id: data!.trajectory.transfers[0].id, accept: false, reason: 'Geen capaciteit in dit gebied' },
      },
    );
    expect(declined.errors).toBeUndefined();
    expect(
      (await parnassia(`query($id: ID!) { trajectory(id: $id) { id } }`, { id: referral.id })).data!.trajectory,
    ).toBeNull();
    const seen = await jeugdformaat(
      `query($id: ID!) { trajectory(id: $id) { responsibleProvider { name } transfers { status declineReason } timeline { kind detail } } }`,
      { id: referral.id },
    );
    expect(seen.data!.trajectory).toMatchObject({
      responsibleProvider: { name: 'Stichting Jeugdformaat' },
      transfers: [{ status: 'DECLINED', declineReason: 'Geen capaciteit in dit gebied' }],
    });
    expect(seen.data!.trajectory.timeline.at(-1)).toEqual({
      kind: 'TRANSFER_DECLINED',
      detail: 'Geen capaciteit in dit gebied',
    });
  });

  it('highly specialist, handed over by the responsible provider itself: immediate, and its access ends', async () => {
    const referral = await accept(jeugdformaat, (await refer(referrer, { profile: 'P08' })).id);
    const forced = await jeugdformaat(TRANSFER.replace('transfers { status toProvider { name } }', 'id'), {
      input: {
        trajectoryId: referral.id,
        toProviderId: providerId('parnassia'),
        reason: 'Klinische behandeling nodig',
      },
    });
    expect(forced.errors).toBeUndefined();
    expect(forced.data!.transferResponsibility.responsibleProvider.name).toBe('Parnassia Groep');
    expect(
      (await jeugdformaat(`query($id: ID!) { trajectory(id: $id) { id } }`, { id: referral.id })).data!.trajectory,
    ).toBeNull();
    const { rows } = await t.admin.query(
      `SELECT p.name, rp.until IS NULL AS open FROM responsibility_period rp JOIN provider p ON p.id = rp.provider_id WHERE trajectory_id = $1 ORDER BY since`,
      [referral.id],
    );
    expect(rows).toEqual([
      { name: 'Stichting Jeugdformaat', open: false },
      { name: 'Parnassia Groep', open: true },
    ]);
  });

  it('highly specialist: the transfer is immediate (acceptance obligation)', async () => {
    const referral = await accept(jeugdformaat, (await refer(referrer, { profile: 'P07' })).id);
    const forced = await referrer(TRANSFER, {
      input: {
        trajectoryId: referral.id,
        toProviderId: providerId('parnassia'),
        reason: 'Integrale behandeling nodig',
      },
    });
    expect(forced.data!.transferResponsibility).toEqual({
      responsibleProvider: { name: 'Parnassia Groep' },
      transfers: [{ status: 'FORCED', toProvider: { name: 'Parnassia Groep' } }],
    });
  });

  it('the database refuses a second responsible provider even behind the services’ back', async () => {
    const referral = await refer(referrer);
    await expect(
      t.admin.query(`INSERT INTO responsibility_period (trajectory_id, provider_id, since) VALUES ($1, $2, now())`, [
        referral.id,
        providerId('parnassia'),
      ]),
    ).rejects.toThrow(/one_responsible_provider|responsibility_period_open_idx/);
    await expect(
      t.admin.query(`INSERT INTO trajectory_access (trajectory_id, provider_id, role) VALUES ($1, $2, 'RESPONSIBLE')`, [
        referral.id,
        providerId('parnassia'),
      ]),
    ).rejects.toThrow(/trajectory_access_responsible_idx/);
  });
});
