import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../../server/src/core/working-days.js';
import { today } from '../../../server/src/core/dates.js';
import { consortiumId } from '../../../seeds/organisations.js';
import { areaId } from '../../../seeds/reference.js';
import { currentPic, DEN_HAAG, ESCAMP, providerId } from '../helpers/care.js';
import { startTestApp, type Client, type TestApp } from '../helpers/test-app.js';

// The 2023 model walked by real users: the local team refers to the area's consortium, the lead
// (Jeugdformaat) assigns partners, a partner returns the youth to intake, another takes it.
let t: TestApp;
let referrer: Client, lead: Client, leadAdmin: Client, parnassia: Client, jess: Client, incluzio: Client;
beforeAll(async () => {
  t = await startTestApp();
  referrer = t.as('lokaalteam@denhaag.example');
  lead = t.as('staff@jeugdformaat.example');
  leadAdmin = t.as('admin@jeugdformaat.example');
  parnassia = t.as('staff@parnassia.example');
  jess = t.as('staff@jess.example');
  incluzio = t.as('staff@incluzio.example');
});
afterAll(() => t?.close());

const RONDOMJOU = consortiumId('rondomjou');
const FIELDS = `id status intakeDeadline waitingDays consortium { id name } responsibleProvider { id }
  timeline { kind detail } youth { initials }`;
const REFER = `mutation($input: ReferToConsortiumInput!) { referToConsortium(input: $input) { ${FIELDS} } }`;
const ASSIGN = `mutation($input: AssignMainContractorInput!) { assignMainContractor(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(trajectoryId: $id) { ${FIELDS} } }`;
const DECLINE = `mutation($id: ID!, $reason: String!) { declineReferral(trajectoryId: $id, reason: $reason) { ${FIELDS} } }`;
const WAITING = `query($id: ID!) { waitingList(consortiumId: $id, first: 100) { totalCount edges { node { id status waitingDays intakeDeadline youth { initials } } } } }`;

async function referToArea(initials: string, area = ESCAMP) {
  const r = await referrer(REFER, {
    input: {
      youthInitials: initials,
      youthBirthDate: '2013-03-03',
      municipalityId: DEN_HAAG,
      areaId: area,
      referrerType: 'LOCAL_TEAM',
      picId: currentPic('P02'),
      question: 'Somber, trekt zich terug.',
      context: 'Moeder en twee kinderen.',
      goals: [{ kind: 'SOCIETAL', description: 'Heeft weer vrienden' }],
    },
  });
  if (!r.data?.referToConsortium) throw new Error(JSON.stringify(r.errors));
  return r.data.referToConsortium;
}

const ruleOf = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions;

describe('a referral to the consortium of an area (the 2023 model)', () => {
  it('enters intake with the lead responsible and a deadline of five working days', async () => {
    const trajectory = await referToArea('A.I.');
    expect(trajectory).toMatchObject({
      status: 'INTAKE',
      consortium: { id: RONDOMJOU, name: 'RondomJou' },
      responsibleProvider: { id: providerId('jeugdformaat') },
      intakeDeadline: addWorkingDays(today(), 5),
      waitingDays: 0,
    });
    expect(trajectory.timeline.map((e: any) => e.kind)).toEqual(['REFERRED_TO_CONSORTIUM']);
  });

  it('walks the whole path: assign, return to intake (never to the referrer), assign again, accept, plan, outcome, close', async () => {
    const { id } = await referToArea('W.P.');

    // the lead cannot send it back: the consortium finds the place
    expect(ruleOf(await lead(DECLINE, { id, reason: 'Geen plek' }))).toMatchObject({
      code: 'RULE_VIOLATION',
      rule: 'COLLECTIVE_RESPONSIBILITY',
    });
    // only a lead or partner of this consortium can become main contractor
    for (const outsider of ['incluzio', 'duinzicht'] as const) {
      expect(
        ruleOf(await lead(ASSIGN, { input: { trajectoryId: id, providerId: providerId(outsider) } })),
      ).toMatchObject({ code: 'RULE_VIOLATION', rule: 'CONSORTIUM_MEMBER_REQUIRED' });
    }
    // a partner cannot assign: only the responsible lead
    expect(
      ruleOf(await parnassia(ASSIGN, { input: { trajectoryId: id, providerId: providerId('parnassia') } }))?.code,
    ).toBe('FORBIDDEN');

    const assigned = await lead(ASSIGN, {
      input: { trajectoryId: id, providerId: providerId('parnassia'), note: 'Specialisme angst' },
    });
    expect(assigned.data!.assignMainContractor).toMatchObject({
      status: 'REFERRED',
      responsibleProvider: { id: providerId('parnassia') },
    });

    const returned = await parnassia(DECLINE, { id, reason: 'Wachttijd voor dit profiel te lang' });
    expect(returned.data!.declineReferral).toMatchObject({
      status: 'INTAKE',
      responsibleProvider: { id: providerId('jeugdformaat') },
    });
    expect(returned.data!.declineReferral.timeline.map((e: any) => [e.kind, e.detail])).toEqual([
      ['REFERRED_TO_CONSORTIUM', null],
      ['MAIN_CONTRACTOR_ASSIGNED', 'Specialisme angst'],
      ['RETURNED_TO_INTAKE', 'Wachttijd voor dit profiel te lang'],
    ]);

    await lead(ASSIGN, { input: { trajectoryId: id, providerId: providerId('jess') } });
    const accepted = await jess(ACCEPT, { id });
    expect(accepted.data!.acceptReferral).toMatchObject({
      status: 'ACTIVE',
      responsibleProvider: { id: providerId('jess') },
    });

    // the referral check: jess proposes another PIC, the local team accepts it
    const proposal = await jess(
      `mutation($input: ProposeOtherPicInput!) { proposeOtherPic(input: $input) { id status from { id } to { id } } }`,
      { input: { trajectoryId: id, picId: currentPic('P03'), reason: 'Vooral gezinsproblematiek' } },
    );
    expect(proposal.data!.proposeOtherPic).toMatchObject({ status: 'PROPOSED', to: { id: currentPic('P03') } });
    const decided = await referrer(
      `mutation($input: RespondToPicProposalInput!) { respondToPicProposal(input: $input) { status decidedAt } }`,
      { input: { id: proposal.data!.proposeOtherPic.id, accept: true } },
    );
    expect(decided.data!.respondToPicProposal.status).toBe('ACCEPTED');
    const after = await jess(
      `query($id: ID!) { trajectory(id: $id) { referral { pic { id } } picProposals { status } } }`,
      {
        id,
      },
    );
    expect(after.data!.trajectory).toEqual({
      referral: { pic: { id: currentPic('P03') } },
      picProposals: [{ status: 'ACCEPTED' }],
    });

    const help = await jess(
      `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { goals { id } } }`,
      { input: { trajectoryId: id, version: 1, goals: [{ kind: 'TREATMENT', description: 'Somberheid neemt af' }] } },
    );
    const goalId = help.data!.updateHelpPlan.goals[0].id;
    const outcome = await jess(`mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id } }`, {
      input: {
        trajectoryId: id,
        goalResults: [{ goalId, realisation: 'ACHIEVED' }],
        satisfaction: [{ informant: 'YOUTH', score: 8 }],
        continuation: 'NONE',
        endReasonCode: '31',
      },
    });
    expect(outcome.errors).toBeUndefined();
    const closed = await jess(`mutation($id: ID!) { closeTrajectory(trajectoryId: $id) { status } }`, { id });
    expect(closed.data!.closeTrajectory.status).toBe('CLOSED');

    // never returned to the referrer: no status was ever CANCELLED, every period is a member's
    const { rows } = await t.admin.query(
      `SELECT p.provider_id FROM responsibility_period p WHERE p.trajectory_id = $1 ORDER BY p.since`,
      [id],
    );
    expect(rows.map((r) => r.provider_id)).toEqual(
      ['jeugdformaat', 'parnassia', 'jeugdformaat', 'jess'].map((s) => providerId(s as 'jess')),
    );
  });

  it('a referral to a consortium that is not the area’s is refused, naming the field', async () => {
    const r = await referrer(REFER, {
      input: {
        youthInitials: 'N.A.',
        youthBirthDate: '2013-03-03',
        municipalityId: DEN_HAAG,
        areaId: ESCAMP,
        consortiumId: consortiumId('krachtvoorjeugd'),
        referrerType: 'LOCAL_TEAM',
        picId: currentPic('P02'),
        question: 'Vraag',
        context: '',
        goals: [],
      },
    });
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'input.consortiumId', reason: 'NOT_AWARDED_THIS_AREA' })],
    });
  });

  it('two lead users assigning at once end with exactly one main contractor', async () => {
    const { id } = await referToArea('C.A.');
    const results = await Promise.all([
      lead(ASSIGN, { input: { trajectoryId: id, providerId: providerId('parnassia') } }),
      leadAdmin(ASSIGN, { input: { trajectoryId: id, providerId: providerId('jess') } }),
    ]);
    const winners = results.filter((r) => r.data?.assignMainContractor);
    expect(winners).toHaveLength(1);
    // the loser finds the youth assigned meanwhile: no longer in intake, or no longer its own
    expect(['RULE_VIOLATION', 'FORBIDDEN']).toContain(
      ruleOf(results.find((r) => !r.data?.assignMainContractor)!)?.code,
    );
    const { rows } = await t.admin.query(
      `SELECT t.responsible_provider_id, (SELECT count(*)::int FROM responsibility_period p WHERE p.trajectory_id = t.id AND p.until IS NULL) AS open
         FROM trajectory t WHERE t.id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({
      responsible_provider_id: winners[0].data!.assignMainContractor.responsibleProvider.id,
      open: 1,
    });
  });

  it('the waiting list shows the consortium’s leads and partners who waits, oldest first; nobody else', async () => {
    const first = await referToArea('O.L.');
    const second = await referToArea('N.W.');
    await t.admin.query(`UPDATE trajectory SET referred_at = now() - interval '20 days' WHERE id = $1`, [first.id]);
    const list = await parnassia(WAITING, { id: RONDOMJOU });
    const nodes = list.data!.waitingList.edges.map((e: any) => e.node);
    const ids = nodes.map((n: any) => n.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(nodes.find((n: any) => n.id === first.id)).toMatchObject({ status: 'INTAKE', waitingDays: 20 });
    expect(nodes.every((n: any) => ['INTAKE', 'REFERRED'].includes(n.status))).toBe(true);
    // the read of each youth on the list is logged
    const { rows } = await t.admin.query(
      `SELECT count(*)::int AS n FROM access_log WHERE youth_id = (SELECT youth_id FROM trajectory WHERE id = $1) AND purpose = 'waiting list'`,
      [first.id],
    );
    expect(rows[0].n).toBeGreaterThan(0);

    expect((await incluzio(WAITING, { id: RONDOMJOU })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await t.as('staff@duinzicht.example')(WAITING, { id: RONDOMJOU })).errors![0].extensions!.code).toBe(
      'FORBIDDEN',
    );
  });

  it('flags an overdue intake to the lead', async () => {
    const { id } = await referToArea('O.D.', areaId('0518', 'Loosduinen'));
    await t.admin.query(`UPDATE trajectory SET intake_deadline = current_date - 1 WHERE id = $1`, [id]);
    const r = await lead(`query($id: ID!) { trajectory(id: $id) { signals } }`, { id });
    expect(r.data!.trajectory.signals).toEqual(expect.arrayContaining(['AWAITING_ASSIGNMENT', 'INTAKE_OVERDUE']));
  });
});
