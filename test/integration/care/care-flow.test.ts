import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accept,
  currentPic,
  DEN_HAAG,
  providerId,
  refer,
  REQUEST_EXPERTISE,
  RESPOND,
  TRAJECTORY_FIELDS,
} from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let referrer: Client;
let jeugdformaat: Client;
let duinzicht: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  jeugdformaat = t.as('staff@jeugdformaat.example');
  duinzicht = t.as('staff@duinzicht.example');
});
afterAll(() => t?.close());

/** Counts rows behind the API's back, to prove that a refused change wrote nothing. */
async function rowCounts() {
  const { rows } = await t.admin.query(`SELECT
      (SELECT count(*) FROM youth)::int youth, (SELECT count(*) FROM trajectory)::int trajectory,
      (SELECT count(*) FROM expertise_request)::int requests, (SELECT count(*) FROM trajectory_event)::int events,
      (SELECT count(*) FROM responsibility_transfer)::int transfers, (SELECT count(*) FROM access_log)::int log,
      (SELECT sum(version) FROM family_plan)::int plan_versions, (SELECT count(*) FROM goal)::int goals`);
  return rows[0];
}

describe('the care process under one responsible provider', () => {
  it('runs referral → accept → help plan → expertise from a subcontractor → accept → complete, with the same responsible provider throughout', async () => {
    const referred = await refer(referrer, { profile: 'P02' });
    expect(referred).toMatchObject({
      status: 'REFERRED',
      startedAt: null,
      youth: { initials: 'T.V.', birthDate: '2012-05-01' },
      referral: {
        referrerType: 'LOCAL_TEAM',
        fundingVariant: 'TASK',
        pic: { profile: { code: 'P02', segment: 'SPECIALIST' } },
      },
      responsibleProvider: { name: 'Stichting Jeugdformaat' },
      familyPlan: {
        version: 1,
        question: 'Angstklachten; gaat niet naar school.',
        goals: [{ kind: 'SOCIETAL', description: 'Gaat weer naar school' }],
      },
      helpPlan: null,
    });
    const id = referred.id;
    const responsible = referred.responsibleProvider;

    const accepted = await accept(jeugdformaat, id);
    expect(accepted).toMatchObject({
      status: 'ACTIVE',
      helpPlan: { version: 1, effortDescription: '' },
      responsibleProvider: responsible,
    });
    expect(accepted.startedAt).toBeTruthy();

    const societalGoal = accepted.familyPlan.goals[0].id;
    const help = await jeugdformaat(
      `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { version effortDescription endDate goals { description contributesTo { id } } } }`,
      {
        input: {
          trajectoryId: id,
          version: 1,
          effortDescription: 'CGT, 12 sessies',
          endDate: '2027-06-30',
          goals: [{ kind: 'TREATMENT', description: 'Angst neemt af', contributesToGoalId: societalGoal }],
        },
      },
    );
    expect(help.data!.updateHelpPlan).toEqual({
      version: 2,
      effortDescription: 'CGT, 12 sessies',
      endDate: '2027-06-30',
      goals: [{ description: 'Angst neemt af', contributesTo: { id: societalGoal } }],
    });

    const requested = await jeugdformaat(REQUEST_EXPERTISE, {
      input: {
        trajectoryId: id,
        providerId: providerId('duinzicht'),
        mode: 'CO_TREATMENT',
        question: 'Kunnen jullie de traumabehandeling doen?',
      },
    });
    expect(requested.data!.requestExpertise).toMatchObject({
      status: 'REQUESTED',
      relation: 'SUBCONTRACT',
      provider: { name: 'Praktijk Duinzicht' },
      requestedBy: { name: responsible.name },
    });
    const requestId = requested.data!.requestExpertise.id;

    const inbox = await duinzicht(
      `{ expertiseRequestsInbox { id trajectoryId status question requestedBy { name } } }`,
    );
    expect(inbox.data!.expertiseRequestsInbox).toContainEqual({
      id: requestId,
      trajectoryId: id,
      status: 'REQUESTED',
      question: 'Kunnen jullie de traumabehandeling doen?',
      requestedBy: { name: responsible.name },
    });

    expect(
      (await duinzicht(RESPOND, { input: { id: requestId, accept: true } })).data!.respondToExpertiseRequest.status,
    ).toBe('ACCEPTED');
    const seenBySub = await duinzicht(`query($id: ID!) { trajectory(id: $id) { ${TRAJECTORY_FIELDS} } }`, { id });
    expect(seenBySub.data!.trajectory).toMatchObject({ responsibleProvider: responsible, helpPlan: { version: 2 } });

    const completed = await duinzicht(`mutation($id: ID!) { completeExpertiseRequest(id: $id) { status } }`, {
      id: requestId,
    });
    expect(completed.data!.completeExpertiseRequest.status).toBe('COMPLETED');

    const final = await jeugdformaat(
      `query($id: ID!) { trajectory(id: $id) { responsibleProvider { id name } expertiseRequests { status } timeline { kind actorName } } }`,
      { id },
    );
    expect(final.data!.trajectory.responsibleProvider).toEqual(responsible);
    expect(final.data!.trajectory.expertiseRequests).toEqual([{ status: 'COMPLETED' }]);
    expect(final.data!.trajectory.timeline.map((e: any) => e.kind)).toEqual([
      'REFERRED',
      'ACCEPTED',
      'HELP_PLAN_UPDATED',
      'EXPERTISE_REQUESTED',
      'EXPERTISE_ACCEPTED',
      'EXPERTISE_COMPLETED',
    ]);
    expect(final.data!.trajectory.timeline[0].actorName).toBe('Joyce van Dijk');
    const { rows } = await t.admin.query(`SELECT count(*)::int n FROM responsibility_period WHERE trajectory_id = $1`, [
      id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('lets a sibling’s referral share the existing family plan', async () => {
    const first = await refer(referrer, { initials: 'A.B.' });
    const sibling = await refer(referrer, {
      initials: 'C.B.',
      birthDate: '2015-02-02',
      familyPlanId: first.familyPlan.id,
      provider: 'incluzio',
      profile: 'P01',
    });
    expect(sibling.familyPlan.id).toBe(first.familyPlan.id);
    const plan = await referrer(`query($id: ID!) { trajectory(id: $id) { familyPlan { youths { initials } } } }`, {
      id: sibling.id,
    });
    expect(plan.data!.trajectory.familyPlan.youths.map((y: any) => y.initials).sort()).toEqual(['A.B.', 'C.B.']);
    // each provider sees only the youth it works for
    await accept(jeugdformaat, first.id);
    const mine = await jeugdformaat(`query($id: ID!) { trajectory(id: $id) { familyPlan { youths { initials } } } }`, {
      id: first.id,
    });
    expect(mine.data!.trajectory.familyPlan.youths.map((y: any) => y.initials)).toEqual(['A.B.']);
  });

  it('takes the funding variant from the regional settings of municipality, segment and date', async () => {
    const specialist = await refer(referrer, { profile: 'P01' });
    const highly = await refer(referrer, { profile: 'P07' });
    // Den Haag in 2026: specialist care from the population budget, highly specialist per PIC
    expect(specialist.referral.fundingVariant).toBe('TASK');
    expect(highly.referral.fundingVariant).toBe('OUTPUT');
    const delft = await t.as('lokaalteam@delft.example')(
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { fundingVariant } } }`,
      {
        input: {
          municipalityId: (await t.admin.query(`SELECT id FROM municipality WHERE cbs_code = '0503'`)).rows[0].id,
          referrerType: 'GP',
          picId: currentPic('P01'),
          providerId: providerId('delfland'),
          youthInitials: 'k',
          youthBirthDate: '2014-01-01',
          question: 'Vraag',
          goals: [],
        },
      },
    );
    expect(delft.data!.createReferral.referral.fundingVariant).toBe('OUTPUT');
  });
});

describe('domain rules refuse with the contract’s code and rule, and write nothing', () => {
  it('ACCEPTANCE_OBLIGATION: a highly specialist referral cannot be declined', async () => {
    const referral = await refer(referrer, { profile: 'P07' });
    const before = await rowCounts();
    const r = await jeugdformaat(
      `mutation($id: ID!) { declineReferral(trajectoryId: $id, reason: "Geen plek") { status } }`,
      { id: referral.id },
    );
    expect(r.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'ACCEPTANCE_OBLIGATION' });
    expect(await rowCounts()).toEqual(before);
  });

  it('a declined specialist referral goes back to the referrer with the reason, who refers again', async () => {
    const referral = await refer(referrer, { profile: 'P03', initials: 'D.D.' });
    const declined = await jeugdformaat(
      `mutation($id: ID!) { declineReferral(trajectoryId: $id, reason: "Wachttijd 14 weken") { status declineReason } }`,
      { id: referral.id },
    );
    expect(declined.data!.declineReferral).toEqual({ status: 'CANCELLED', declineReason: 'Wachttijd 14 weken' });
    const seen = await referrer(
      `query($id: ID!) { trajectory(id: $id) { status declineReason timeline { kind detail } } }`,
      { id: referral.id },
    );
    expect(seen.data!.trajectory.timeline.at(-1)).toEqual({ kind: 'DECLINED', detail: 'Wachttijd 14 weken' });
    const again = await referrer(
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { youth { id } familyPlan { id } responsibleProvider { name } } }`,
      {
        input: {
          municipalityId: DEN_HAAG,
          referrerType: 'LOCAL_TEAM',
          picId: currentPic('P03'),
          providerId: providerId('parnassia'),
          youthId: referral.youth.id,
          familyPlanId: referral.familyPlan.id,
        },
      },
    );
    expect(again.data!.createReferral).toEqual({
      youth: { id: referral.youth.id },
      familyPlan: { id: referral.familyPlan.id },
      responsibleProvider: { name: 'Parnassia Groep' },
    });
  });

  it('SUBCONTRACT_REQUIRED: no expertise from a provider without subcontract, consortium or team', async () => {
    const t1 = await accept(jeugdformaat, (await refer(referrer, { profile: 'P02' })).id);
    const before = await rowCounts();
    // Brugwachter is Incluzio's subcontractor, not Jeugdformaat's
    const r = await jeugdformaat(REQUEST_EXPERTISE, {
      input: { trajectoryId: t1.id, providerId: providerId('brugwachter'), mode: 'CONSULTATION', question: 'Vraag' },
    });
    expect(r.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'SUBCONTRACT_REQUIRED' });
    // Vaktherapie is a subcontractor of Jeugdformaat, but not for P02
    const wrongProfile = await jeugdformaat(REQUEST_EXPERTISE, {
      input: { trajectoryId: t1.id, providerId: providerId('vaktherapie'), mode: 'CONSULTATION', question: 'Vraag' },
    });
    expect(wrongProfile.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'SUBCONTRACT_REQUIRED' });
    expect(await rowCounts()).toEqual(before);
    // a consortium partner is allowed, and so is the subcontractor for a profile its subcontract covers
    const partner = await jeugdformaat(REQUEST_EXPERTISE, {
      input: { trajectoryId: t1.id, providerId: providerId('middin'), mode: 'CONSULTATION', question: 'Vraag' },
    });
    expect(partner.data!.requestExpertise.relation).toBe('CONSORTIUM');
    const covered = await jeugdformaat(REQUEST_EXPERTISE, {
      input: {
        trajectoryId: t1.id,
        providerId: providerId('vaktherapie'),
        mode: 'CONSULTATION',
        profileId: (await t.admin.query(`SELECT id FROM profile WHERE code = 'P03'`)).rows[0].id,
        question: 'Vraag',
      },
    });
    expect(covered.data!.requestExpertise.relation).toBe('SUBCONTRACT');
  });

  it('an ended subcontract no longer counts (Westland zorgboerderij ended 2024)', async () => {
    const referral = await refer(referrer, { profile: 'P05', provider: 'incluzio' });
    await accept(t.as('staff@incluzio.example'), referral.id);
    const r = await t.as('staff@incluzio.example')(REQUEST_EXPERTISE, {
      input: {
        trajectoryId: referral.id,
        providerId: providerId('westlandzorg'),
        mode: 'CONSULTATION',
        question: 'Vraag',
      },
    });
    expect(r.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'SUBCONTRACT_REQUIRED' });
    const eligible = await t.as('staff@incluzio.example')(
      `query($id: ID!) { eligibleExpertiseProviders(trajectoryId: $id) { relation provider { name } } }`,
      { id: referral.id },
    );
    const names = eligible.data!.eligibleExpertiseProviders.map((e: any) => `${e.provider.name}:${e.relation}`);
    expect(names).toContain('Stichting De Brugwachter:SUBCONTRACT');
    expect(names).toContain('Orthopedagogisch Centrum Delfland:SUBCONTRACT');
    expect(names).toContain('Mentaal Cure B.V.:CONSORTIUM');
    expect(names).not.toContain('Zorgboerderij Het Westland:SUBCONTRACT');
  });

  it('INVALID_TRANSITION: accepting twice, a help plan before acceptance, expertise on a referral', async () => {
    const referral = await refer(referrer);
    const helpTooEarly = await jeugdformaat(
      `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { version } }`,
      { input: { trajectoryId: referral.id, version: 1, effortDescription: 'x' } },
    );
    expect(helpTooEarly.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'INVALID_TRANSITION' });
    const expertiseTooEarly = await jeugdformaat(REQUEST_EXPERTISE, {
      input: { trajectoryId: referral.id, providerId: providerId('middin'), mode: 'CONSULTATION', question: 'Vraag' },
    });
    expect(expertiseTooEarly.errors![0].extensions).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'INVALID_TRANSITION',
    });
    await accept(jeugdformaat, referral.id);
    const before = await rowCounts();
    const twice = await jeugdformaat(`mutation($id: ID!) { acceptReferral(trajectoryId: $id) { status } }`, {
      id: referral.id,
    });
    expect(twice.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'INVALID_TRANSITION' });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses bad referral input naming every wrong field, and writes nothing', async () => {
    const before = await rowCounts();
    const r = await referrer(`mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`, {
      input: {
        municipalityId: DEN_HAAG,
        referrerType: 'LOCAL_TEAM',
        picId: currentPic('P01').replace(/.$/, '0'),
        providerId: providerId('jeugdformaat'),
        youthInitials: 'Jan Jansen 2',
        youthBirthDate: '2090-01-01',
        goals: [{ kind: 'TREATMENT', description: 'x' }],
      },
    });
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.fields.map((f: any) => f.field).sort()).toEqual([
      'input.goals.0.kind',
      'input.question',
      'input.youthBirthDate',
      'input.youthInitials',
    ]);
    const otherMunicipality = await t.as('lokaalteam@delft.example')(
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`,
      {
        input: {
          municipalityId: DEN_HAAG,
          referrerType: 'LOCAL_TEAM',
          picId: currentPic('P01'),
          providerId: providerId('jeugdformaat'),
          youthInitials: 'A.',
          youthBirthDate: '2015-01-01',
          question: 'q',
        },
      },
    );
    expect(otherMunicipality.errors![0].extensions!.code).toBe('FORBIDDEN');
    const oldTariff = await referrer(
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`,
      {
        input: {
          municipalityId: DEN_HAAG,
          referrerType: 'LOCAL_TEAM',
          picId: (await t.admin.query(`SELECT id FROM pic WHERE valid_until = '2023-12-31' LIMIT 1`)).rows[0].id,
          providerId: providerId('jeugdformaat'),
          youthInitials: 'A.',
          youthBirthDate: '2015-01-01',
          question: 'q',
        },
      },
    );
    expect(oldTariff.errors![0].extensions!.fields).toEqual([
      {
        field: 'input.picId',
        reason: 'PIC_NOT_VALID_TODAY',
        message: 'is a tariff version that is not valid today; choose the current one',
      },
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it('only the responsible provider accepts, edits the help plan or asks for expertise', async () => {
    const referral = await refer(referrer);
    const parnassia = t.as('staff@parnassia.example');
    const r = await parnassia(`mutation($id: ID!) { acceptReferral(trajectoryId: $id) { status } }`, {
      id: referral.id,
    });
    expect(r.errors![0].extensions!.code).toBe('NOT_FOUND'); // it cannot even see the family
    const cm = await t.as('contractmanager@denhaag.example')(
      `mutation($id: ID!) { acceptReferral(trajectoryId: $id) { status } }`,
      { id: referral.id },
    );
    expect(cm.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
