import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { consortiumId, providerId, subcontractId } from '../../../../seeds/organisations.js';
import { areaId, intensityId, lotId, profileId } from '../../../../seeds/reference.js';
import { seedId } from '../../../../seeds/seed-db.js';
import { accept, DEN_HAAG, ESCAMP, refer, REQUEST_EXPERTISE, RESPOND } from '../../helpers/care.js';
import { fixture } from '../../helpers/ijw.js';
import { DEMO_PASSWORD, type Client, type TestApp } from '../../helpers/test-app.js';
import type { Edit } from './hostile.js';

/**
 * For every mutation: who may call it, and a valid call on realistic data (so that a hostile
 * value is refused by validation, not by a missing object or a wrong role).
 */

export const REFERRER = 'lokaalteam@denhaag.example';
export const STAFF = 'staff@jeugdformaat.example';
export const PROVIDER_ADMIN = 'admin@jeugdformaat.example';
export const REGION_ADMIN = 'admin@h10.example';
export const CONTRACT_MANAGER = 'contractmanager@denhaag.example';
export const SUBCONTRACTOR = 'staff@duinzicht.example';
export const PARTNER = 'staff@parnassia.example';
/** Signs out everywhere, so used by no other case. */
const ELSEWHERE = 'staff@westlandzorg.example';

export interface Call {
  /** The account that calls; null: not signed in. */
  as: string | null;
  variables: Record<string, unknown>;
  /** A session token to use instead of the account's shared one. */
  token?: string;
}

export interface MutationCase {
  /** Prepares a valid call. */
  setup(ctx: CaseContext): Promise<Call>;
  /** A successful call uses the prepared objects up (a referral is accepted once): prepare again after one. */
  consumes?: boolean;
  /** Besides the edited field, the fields a refusal may name for an edit of a field (`input.validFrom` → `input.validUntil`). */
  related?: Record<string, string[]>;
  /** Edits this case does not make, with the reason in a comment. */
  avoid?: (edit: Edit) => boolean;
  /** Refusal codes besides the contract's domain codes (login answers a wrong password with UNAUTHENTICATED). */
  extraCodes?: string[];
}

export interface CaseContext {
  t: TestApp;
  as(email: string): Client;
  /** A number unique within this test file, for unique names and codes. */
  unique(): number;
  today: string;
  inDays(days: number): string;
  /** Objects created once for the administration mutations, so that seeded data stays as it is. */
  own: OwnObjects;
}

/** What the fixtures below need of the context (the query cases use them too). */
export type FixtureContext = Pick<CaseContext, 't' | 'as' | 'inDays'>;

export interface OwnObjects {
  /** A provider of our own: subcontractor, team member, consortium member. */
  providerId: string;
  consortiumId: string;
  teamId: string;
  subcontractId: string;
  profileId: string;
}

/** Throws with the errors when a setup call fails: a broken fixture is not a hostile-input finding. */
async function must<T = any>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  what: string,
): Promise<T> {
  const r = await client(query, variables);
  if (r.errors || !r.data) throw new Error(`${what} failed: ${JSON.stringify(r.errors)}`);
  return r.data as T;
}

const eightDigits = (n: number) => String(40_000_000 + n).padStart(8, '0');

// --- fixtures ---------------------------------------------------------------------------------

async function referral(ctx: FixtureContext, profile = 'P02') {
  const trajectory = await refer(ctx.as(REFERRER), { profile, initials: 'H.I.' });
  return {
    id: trajectory.id as string,
    youthId: trajectory.youth.id as string,
    familyPlanId: trajectory.familyPlan.id as string,
    societalGoalIds: trajectory.familyPlan.goals.map((g: any) => g.id) as string[],
  };
}

/** A youth in the intake of RondomJou (Escamp's consortium), its lead Jeugdformaat responsible. */
async function intake(ctx: FixtureContext): Promise<string> {
  const data = await must(
    ctx.as(REFERRER),
    `mutation($input: ReferToConsortiumInput!) { referToConsortium(input: $input) { id } }`,
    {
      input: {
        youthInitials: 'I.N.',
        youthBirthDate: '2012-02-02',
        municipalityId: DEN_HAAG,
        areaId: ESCAMP,
        referrerType: 'LOCAL_TEAM',
        picId: seedId('pic:P02:KL:2024'),
        question: 'Vraag',
        context: '',
        goals: [],
      },
    },
    'referral to the consortium',
  );
  return data.referToConsortium.id;
}

export async function active(ctx: FixtureContext, profile = 'P02') {
  const r = await referral(ctx, profile);
  await accept(ctx.as(STAFF), r.id);
  const help = await must(
    ctx.as(STAFF),
    `mutation($input: UpdateHelpPlanInput!) { updateHelpPlan(input: $input) { version goals { id } } }`,
    {
      input: {
        trajectoryId: r.id,
        version: 1,
        effortDescription: 'Wekelijks gesprek',
        goals: [{ kind: 'TREATMENT', description: 'Angst neemt af', contributesToGoalId: r.societalGoalIds[0] }],
      },
    },
    'help plan',
  );
  return {
    ...r,
    helpPlanVersion: help.updateHelpPlan.version as number,
    treatmentGoalIds: help.updateHelpPlan.goals.map((g: any) => g.id) as string[],
  };
}

const outcomeInput = (trajectoryId: string, goalIds: string[]) => ({
  trajectoryId,
  goalResults: goalIds.map((goalId) => ({ goalId, realisation: 'ACHIEVED' })),
  satisfaction: [
    { informant: 'YOUTH', score: 8 },
    { informant: 'PARENT', score: null },
  ],
  continuation: 'NONE',
  endReasonCode: '31',
});

const SUBMIT_OUTCOME = `mutation($input: SubmitOutcomeInput!) { submitOutcome(input: $input) { id } }`;

async function withOutcome(ctx: FixtureContext) {
  const a = await active(ctx);
  await must(ctx.as(STAFF), SUBMIT_OUTCOME, { input: outcomeInput(a.id, a.treatmentGoalIds) }, 'outcome');
  return a;
}

export async function youthOf(ctx: FixtureContext, trajectoryId: string): Promise<string> {
  const { rows } = await ctx.t.admin.query(`SELECT youth_id FROM trajectory WHERE id = $1`, [trajectoryId]);
  return rows[0].youth_id;
}

/** The token of a fresh questionnaire link for a parent. */
async function questionnaireToken(ctx: FixtureContext): Promise<string> {
  const data = await must(
    ctx.as(STAFF),
    `mutation($id: ID!) { createQuestionnaireLink(trajectoryId: $id, informant: PARENT) { url } }`,
    { id: (await active(ctx)).id },
    'questionnaire link',
  );
  return data.createQuestionnaireLink.url.split('/').pop();
}

/** The token of a fresh access link for the family of an active trajectory. */
export async function familyAccessToken(ctx: FixtureContext): Promise<string> {
  const youthId = await youthOf(ctx, (await active(ctx)).id);
  const data = await must(
    ctx.as(STAFF),
    `mutation($id: ID!) { createFamilyAccessLink(youthId: $id) { url } }`,
    { id: youthId },
    'access link',
  );
  return data.createFamilyAccessLink.url.split('/').pop();
}

export async function expertiseRequest(ctx: FixtureContext, accepted: boolean) {
  const a = await active(ctx);
  const data = await must(
    ctx.as(STAFF),
    REQUEST_EXPERTISE,
    {
      input: {
        trajectoryId: a.id,
        providerId: providerId('duinzicht'),
        mode: 'CONSULTATION',
        question: 'Graag een consult over de angstklachten.',
      },
    },
    'expertise request',
  );
  const id = data.requestExpertise.id as string;
  if (accepted) await must(ctx.as(SUBCONTRACTOR), RESPOND, { input: { id, accept: true } }, 'accepting the request');
  return id;
}

/** A youth whose only referral was declined: no open trajectory holds its file. */
async function endedYouth(ctx: FixtureContext): Promise<string> {
  const r = await referral(ctx);
  await must(
    ctx.as(STAFF),
    `mutation($id: ID!) { declineReferral(trajectoryId: $id, reason: "Geen plek.") { id } }`,
    { id: r.id },
    'declining the referral',
  );
  return r.youthId;
}

export async function improvementPlan(ctx: FixtureContext, submitted: boolean) {
  const required = await must(
    ctx.as(CONTRACT_MANAGER),
    `mutation($input: RequireImprovementPlanInput!) { requireImprovementPlan(input: $input) { id version } }`,
    {
      input: {
        providerId: providerId('jeugdformaat'),
        reason: 'Meer uitval dan vergelijkbare aanbieders.',
        dueDate: ctx.inDays(30),
      },
    },
    'requiring an improvement plan',
  );
  let plan = required.requireImprovementPlan as { id: string; version: number };
  if (submitted) {
    const data = await must(
      ctx.as(PROVIDER_ADMIN),
      `mutation($input: SubmitImprovementPlanInput!) { submitImprovementPlan(input: $input) { id version } }`,
      {
        input: {
          id: plan.id,
          version: plan.version,
          response: 'Analyse en acties.',
          actions: [{ description: 'Intake verbeteren', dueDate: ctx.inDays(60) }],
        },
      },
      'submitting an improvement plan',
    );
    plan = data.submitImprovementPlan;
  }
  return plan;
}

/** Whether an edit sets `field` to a real date after `after` (a version that far ahead makes every later valid version impossible). */
const setsDateAfter = (field: string, after: string) => (edit: Edit) =>
  edit.op === 'set' &&
  edit.path.join('.') === field &&
  typeof edit.value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(edit.value) &&
  edit.value > after;

// --- the cases --------------------------------------------------------------------------------

export const MUTATION_CASES: Record<string, MutationCase> = {
  // sign-in
  login: {
    setup: async () => ({
      as: null,
      variables: { input: { email: 'staff@parnassia.example', password: 'samenspel-demo' } },
    }),
    extraCodes: ['UNAUTHENTICATED'],
  },
  logout: {
    // its own session: a successful logout revokes it
    setup: async (ctx) => ({ as: PARTNER, token: await ctx.t.login(PARTNER), variables: {} }),
    consumes: true,
  },
  logoutEverywhere: {
    // an account no other case uses: it ends every session of its user
    setup: async (ctx) => ({ as: ELSEWHERE, token: await ctx.t.login(ELSEWHERE), variables: {} }),
    consumes: true,
  },

  // the care process
  createReferral: {
    setup: async (ctx) => ({
      as: REFERRER,
      variables: {
        input: {
          youthInitials: 'K.L.',
          youthBirthDate: '2013-03-14',
          municipalityId: DEN_HAAG,
          areaId: ESCAMP,
          referrerType: 'LOCAL_TEAM',
          picId: seedId('pic:P02:KL:2024'),
          providerId: providerId('jeugdformaat'),
          question: 'Angstklachten; gaat niet naar school.',
          context: 'Moeder, twee broers.',
          goals: [{ kind: 'SOCIETAL', description: 'Gaat weer naar school', targetDate: ctx.inDays(180) }],
        },
      },
    }),
    related: {
      // an existing youth or family plan instead of a new one: the fields for a new one are then superfluous
      'input.youthId': ['input.youthInitials', 'input.youthBirthDate'],
      'input.familyPlanId': ['input.question', 'input.context', 'input.goals'],
      // a different municipality makes the area (one of Den Haag's) wrong
      'input.municipalityId': ['input.areaId'],
    },
  },
  referToConsortium: {
    setup: async (ctx) => ({
      as: REFERRER,
      variables: {
        input: {
          youthInitials: 'K.C.',
          youthBirthDate: '2013-03-14',
          municipalityId: DEN_HAAG,
          areaId: ESCAMP,
          referrerType: 'LOCAL_TEAM',
          picId: seedId('pic:P02:KL:2024'),
          question: 'Angstklachten; gaat niet naar school.',
          context: 'Moeder, twee broers.',
          goals: [{ kind: 'SOCIETAL', description: 'Gaat weer naar school', targetDate: ctx.inDays(180) }],
        },
      },
    }),
    related: {
      // another municipality or area has another consortium (or none)
      'input.municipalityId': ['input.areaId'],
      'input.areaId': ['input.consortiumId'],
    },
  },
  assignMainContractor: {
    setup: async (ctx) => ({
      as: STAFF,
      variables: { input: { trajectoryId: await intake(ctx), providerId: providerId('parnassia'), note: 'Past goed' } },
    }),
    consumes: true,
  },
  setCapacity: {
    setup: async () => ({
      as: STAFF,
      variables: { input: { profileId: profileId('P02'), areaId: ESCAMP, freePlaces: 4 } },
    }),
  },
  proposeOtherPic: {
    setup: async (ctx) => ({
      as: STAFF,
      variables: {
        input: { trajectoryId: (await active(ctx)).id, picId: seedId('pic:P03:KL:2024'), reason: 'Gezinsproblematiek' },
      },
    }),
    consumes: true,
  },
  respondToPicProposal: {
    setup: async (ctx) => {
      const data = await must(
        ctx.as(STAFF),
        `mutation($input: ProposeOtherPicInput!) { proposeOtherPic(input: $input) { id } }`,
        { input: { trajectoryId: (await active(ctx)).id, picId: seedId('pic:P03:KL:2024'), reason: 'Andere PIC' } },
        'PIC proposal',
      );
      return { as: REFERRER, variables: { input: { id: data.proposeOtherPic.id, accept: false, reason: 'Klopt' } } };
    },
    consumes: true,
    // accepting needs no reason
    related: { 'input.accept': ['input.reason'] },
  },
  acceptReferral: {
    setup: async (ctx) => ({ as: STAFF, variables: { trajectoryId: (await referral(ctx)).id } }),
    consumes: true,
  },
  eraseYouth: {
    // erasing again answers the same: nothing is used up
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: { youthId: await endedYouth(ctx), reason: 'Op verzoek van het gezin.' },
    }),
  },
  declineReferral: {
    setup: async (ctx) => ({
      as: STAFF,
      variables: { trajectoryId: (await referral(ctx)).id, reason: 'Geen plek binnen de wachttijdnorm.' },
    }),
    consumes: true,
  },
  updateFamilyPlan: {
    setup: async (ctx) => {
      const r = await referral(ctx);
      return {
        as: REFERRER,
        variables: {
          input: {
            id: r.familyPlanId,
            version: 1,
            question: 'Angst en schoolverzuim.',
            context: 'Gescheiden ouders.',
            goals: [{ id: r.societalGoalIds[0], kind: 'SOCIETAL', description: 'Gaat weer naar school' }],
          },
        },
      };
    },
    consumes: true,
  },
  updateHelpPlan: {
    setup: async (ctx) => {
      const a = await active(ctx);
      return {
        as: STAFF,
        variables: {
          input: {
            trajectoryId: a.id,
            version: a.helpPlanVersion,
            effortDescription: 'Twee keer per week',
            endDate: ctx.inDays(90),
            goals: [
              {
                id: a.treatmentGoalIds[0],
                kind: 'TREATMENT',
                description: 'Angst neemt af',
                targetDate: ctx.inDays(60),
                contributesToGoalId: a.societalGoalIds[0],
              },
            ],
          },
        },
      };
    },
    consumes: true,
  },
  requestExpertise: {
    setup: async (ctx) => ({
      as: STAFF,
      variables: {
        input: {
          trajectoryId: (await active(ctx)).id,
          providerId: providerId('duinzicht'),
          mode: 'CO_TREATMENT',
          profileId: profileId('P02'),
          question: 'Kunnen jullie meebehandelen?',
          sharedLifeDomains: ['SCHOOL_OR_DAYTIME_ACTIVITY', 'HEALTH'],
        },
      },
    }),
    consumes: true,
    related: {
      // another provider or profile: whether a subcontract covers it is checked on the provider
      'input.profileId': ['input.providerId'],
    },
  },
  respondToExpertiseRequest: {
    setup: async (ctx) => ({
      as: SUBCONTRACTOR,
      variables: { input: { id: await expertiseRequest(ctx, false), accept: false, reason: 'Geen capaciteit.' } },
    }),
    consumes: true,
    related: { 'input.accept': ['input.reason'] },
  },
  completeExpertiseRequest: {
    setup: async (ctx) => ({ as: SUBCONTRACTOR, variables: { id: await expertiseRequest(ctx, true) } }),
    consumes: true,
  },
  withdrawExpertiseRequest: {
    setup: async (ctx) => ({ as: STAFF, variables: { id: await expertiseRequest(ctx, false) } }),
    consumes: true,
  },
  transferResponsibility: {
    setup: async (ctx) => ({
      as: STAFF,
      variables: {
        input: {
          trajectoryId: (await active(ctx)).id,
          toProviderId: providerId('parnassia'),
          reason: 'Verhuizing naar Loosduinen.',
        },
      },
    }),
    consumes: true,
  },
  respondToTransfer: {
    setup: async (ctx) => {
      const a = await active(ctx);
      await must(
        ctx.as(STAFF),
        `mutation($input: TransferResponsibilityInput!) { transferResponsibility(input: $input) { id } }`,
        {
          input: { trajectoryId: a.id, toProviderId: providerId('parnassia'), reason: 'Verhuizing.' },
        },
        'offering a transfer',
      );
      const { rows } = await ctx.t.admin.query(
        `SELECT id FROM responsibility_transfer WHERE trajectory_id = $1 AND status = 'PENDING'`,
        [a.id],
      );
      // accepting: declining a transfer is broken in the service (reported), and accept: false is never generated
      return { as: PARTNER, variables: { input: { id: rows[0].id, accept: true } } };
    },
    consumes: true,
    related: { 'input.accept': ['input.reason'] },
  },
  submitOutcome: {
    setup: async (ctx) => {
      const a = await active(ctx);
      return { as: STAFF, variables: { input: outcomeInput(a.id, a.treatmentGoalIds) } };
    },
    consumes: true,
    related: {
      // a result for another goal leaves the plan's goal without one
      'input.goalResults.0.goalId': ['input.goalResults'],
      'input.goalResults': ['input.goalResults'],
      'input.satisfaction.0.informant': ['input.satisfaction'],
    },
  },
  createQuestionnaireLink: {
    setup: async (ctx) => ({ as: STAFF, variables: { trajectoryId: (await active(ctx)).id, informant: 'PARENT' } }),
  },
  submitQuestionnaire: {
    // no account: the token of a fresh link, once
    setup: async (ctx) => ({
      as: null,
      variables: { input: { token: await questionnaireToken(ctx), score: 7, comment: 'Fijn' } },
    }),
    consumes: true,
    related: { 'input.declined': ['input.score'] },
    // many unknown tokens from one address are throttled
    extraCodes: ['UNAUTHENTICATED'],
  },
  createFamilyAccessLink: {
    setup: async (ctx) => ({ as: STAFF, variables: { youthId: await youthOf(ctx, (await active(ctx)).id) } }),
  },
  correctOutcome: {
    setup: async (ctx) => {
      const a = await withOutcome(ctx);
      return {
        as: STAFF,
        variables: {
          input: {
            ...outcomeInput(a.id, a.treatmentGoalIds),
            endReasonCode: '34',
            reason: 'Einde in overleg, niet volgens plan.',
          },
        },
      };
    },
    related: {
      'input.goalResults.0.goalId': ['input.goalResults'],
      'input.satisfaction.0.informant': ['input.satisfaction'],
    },
  },
  closeTrajectory: {
    setup: async (ctx) => ({ as: STAFF, variables: { trajectoryId: (await withOutcome(ctx)).id } }),
    consumes: true,
  },
  recordSocietalResults: {
    setup: async (ctx) => {
      const r = await referral(ctx);
      return {
        as: REFERRER,
        variables: {
          input: {
            familyPlanId: r.familyPlanId,
            results: [{ goalId: r.societalGoalIds[0], realisation: 'PARTLY_ACHIEVED' }],
          },
        },
      };
    },
    related: { 'input.familyPlanId': ['input.results.0.goalId'] },
  },
  registerDeliveredUnits: {
    // Den Haag pays specialist care from a population budget (TASK) from 2026: units are registered
    setup: async (ctx) => ({
      as: STAFF,
      variables: {
        input: { trajectoryId: (await active(ctx)).id, productCode: 'JBEG01', quantity: 4, deliveredOn: ctx.today },
      },
    }),
    related: { 'input.deliveredOn': ['input.productCode'] },
  },

  // improvement plans
  requireImprovementPlan: {
    setup: async (ctx) => ({
      as: CONTRACT_MANAGER,
      variables: {
        input: {
          providerId: providerId('jeugdformaat'),
          reason: 'Zwaardere intensiteiten dan vergelijkbare aanbieders.',
          dueDate: ctx.inDays(45),
        },
      },
    }),
  },
  submitImprovementPlan: {
    setup: async (ctx) => {
      const plan = await improvementPlan(ctx, false);
      return {
        as: PROVIDER_ADMIN,
        variables: {
          input: {
            id: plan.id,
            version: plan.version,
            response: 'Oorzaak: lange wachttijd.',
            actions: [{ description: 'Extra intakes', dueDate: ctx.inDays(30) }],
          },
        },
      };
    },
    consumes: true,
  },
  acceptImprovementPlan: {
    setup: async (ctx) => {
      const plan = await improvementPlan(ctx, true);
      return { as: CONTRACT_MANAGER, variables: { input: { id: plan.id, version: plan.version } } };
    },
    consumes: true,
  },
  closeImprovementPlan: {
    setup: async (ctx) => {
      const plan = await improvementPlan(ctx, true);
      return { as: CONTRACT_MANAGER, variables: { input: { id: plan.id, version: plan.version } } };
    },
    consumes: true,
  },

  // money
  setPaymentRule: {
    setup: async (ctx) => {
      const { rows } = await ctx.t.admin.query(`SELECT (max(valid_from) + 1)::text AS next FROM payment_rule`);
      return {
        as: REGION_ADMIN,
        variables: {
          input: {
            validFrom: rows[0].next > ctx.today ? rows[0].next : ctx.inDays(1),
            description: 'Bonus-malus 2027',
            tiers: [
              { minGoalShare: 0, percentagePaid: 60 },
              { minGoalShare: 0.5, percentagePaid: 100 },
            ],
          },
        },
      };
    },
    consumes: true,
    // a rule from 2190 on would leave no later date for the next valid call
    avoid: setsDateAfter('input.validFrom', '2190-01-01'),
    related: { 'input.tiers.0.minGoalShare': ['input.tiers'], 'input.tiers': ['input.tiers'] },
  },
  setPicTariff: {
    setup: async (ctx) => {
      const { rows } = await ctx.t.admin.query(
        `SELECT (max(valid_from) + 1)::text AS next FROM pic WHERE profile_id = $1`,
        [ctx.own.profileId],
      );
      const validFrom = rows[0].next > ctx.today ? rows[0].next : ctx.inDays(1); // the past is never rewritten
      return {
        as: REGION_ADMIN,
        variables: {
          input: { profileId: ctx.own.profileId, intensityId: intensityId('KL'), tariffCents: 350_000, validFrom },
        },
      };
    },
    consumes: true,
    avoid: setsDateAfter('input.validFrom', '2190-01-01'),
  },
  setProductPrice: {
    setup: async (ctx) => {
      const { rows } = await ctx.t.admin.query(
        `SELECT (max(valid_from) + 1)::text AS next FROM product_price WHERE product_code = 'JGGZ01'`,
      );
      const validFrom = rows[0].next > ctx.today ? rows[0].next : ctx.inDays(1); // the past is never rewritten
      return {
        as: REGION_ADMIN,
        variables: {
          input: {
            productCode: 'JGGZ01',
            name: 'Jeugd-GGZ behandeling',
            unitCode: '04',
            priceCents: 11_900,
            validFrom,
          },
        },
      };
    },
    consumes: true,
    avoid: setsDateAfter('input.validFrom', '2190-01-01'),
  },
  markPayoutPaid: {
    // a request accepted on a day of its own in the past: each valid call pays another period
    setup: async (ctx) => {
      const id = await expertiseRequest(ctx, true);
      const { rows } = await ctx.t.admin.query(
        `UPDATE expertise_request SET responded_at = make_date(2010, 1, 1) + $2::int + time '12:00'
          WHERE id = $1 RETURNING (responded_at AT TIME ZONE 'Europe/Amsterdam')::date::text AS day`,
        [id, ctx.unique()],
      );
      const day = rows[0].day as string;
      return {
        as: PROVIDER_ADMIN,
        variables: {
          input: {
            subcontractId: subcontractId('jf-duinzicht'),
            from: day,
            to: day,
            paidOn: ctx.today,
            reference: 'BT-1',
          },
        },
      };
    },
    consumes: true,
    related: { 'input.from': ['input.subcontractId', 'input.paidOn', 'input.to'], 'input.to': ['input.subcontractId'] },
  },
  setPopulationBudget: {
    // a year no other case uses: the current budgets stay as the other cases expect them
    setup: async () => ({
      as: REGION_ADMIN,
      variables: {
        input: { consortiumId: consortiumId('rondomjou'), areaId: ESCAMP, year: 2031, amountCents: 250_000_000 },
      },
    }),
    related: { 'input.consortiumId': ['input.areaId'], 'input.areaId': ['input.consortiumId'] },
  },
  allocateBudget: {
    setup: async () => ({
      as: PROVIDER_ADMIN,
      variables: {
        input: {
          budgetId: seedId('budget:rondomjou:Escamp:2026'),
          allocations: [
            { providerId: providerId('parnassia'), amountCents: 1_000_000 },
            { providerId: providerId('jeugdformaat'), amountCents: 2_000_000 },
          ],
        },
      },
    }),
    related: { 'input.allocations.0.amountCents': ['input.allocations'], 'input.allocations': ['input.allocations'] },
  },

  // administration, on objects of our own
  createProvider: {
    setup: async (ctx) => {
      const n = ctx.unique();
      return {
        as: REGION_ADMIN,
        variables: {
          input: { name: `Jeugdpraktijk ${n}`, agbCode: eightDigits(n), kvkNumber: eightDigits(500_000 + n) },
        },
      };
    },
    consumes: true,
  },
  updateProvider: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: { input: { id: ctx.own.providerId, name: 'Eigen Jeugdpraktijk', kvkNumber: '47000001' } },
    }),
  },
  // iJw: a provider administrator exchanges messages; the region keeps the product list
  exportIjwMessages: {
    setup: async () => ({ as: PROVIDER_ADMIN, variables: { municipalityId: DEN_HAAG, type: 'JW305' } }),
  },
  importIjwMessage: {
    // any XML is answered with a retour (0001 when it is not valid): only the caller and the shape are refused
    setup: async () => ({ as: PROVIDER_ADMIN, variables: { xml: fixture('jw301-valid.xml') } }),
  },
  setIjwProduct: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: {
        input: { profileId: ctx.own.profileId, intensityId: intensityId('KL'), productCategory: '45',
          productCode: `T${ctx.unique()}`, validFrom: ctx.inDays(400 + ctx.unique()) },
      },
    }), // prettier-ignore
    consumes: true,
  },
  setIjwDeclarationForm: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: {
        input: { fundingVariant: 'EFFORT', form: 'UNITS', unitCode: null, validFrom: ctx.inDays(400 + ctx.unique()) },
      },
    }),
    consumes: true,
  },
  createLot: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: { input: { code: `L${ctx.unique()}`, name: 'Perceel voor de test' } },
    }),
    consumes: true,
  },
  createProfile: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: { input: { code: `PX${ctx.unique()}`, name: 'Testprofiel', segment: 'SPECIALIST' } },
    }),
    consumes: true,
  },
  createConsortium: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: {
        input: { name: `Combinatie ${ctx.unique()}`, lotIds: [lotId('1')], areaIds: [areaId('0503', 'Tanthof')] },
      },
    }),
    consumes: true,
  },
  updateConsortium: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: {
        input: {
          id: ctx.own.consortiumId,
          name: 'Eigen Combinatie',
          lotIds: [lotId('2')],
          areaIds: [areaId('0503', 'Voorhof')],
        },
      },
    }),
  },
  addConsortiumMember: {
    setup: async (ctx) => {
      const n = ctx.unique();
      const created = await must(
        ctx.as(REGION_ADMIN),
        `mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }`,
        { input: { name: `Lid ${n}`, agbCode: eightDigits(n) } },
        'a provider',
      );
      return {
        as: REGION_ADMIN,
        variables: {
          input: {
            consortiumId: ctx.own.consortiumId,
            providerId: created.createProvider.id,
            role: 'PARTNER',
            validFrom: '2025-01-01',
            validUntil: '2027-12-31',
          },
        },
      };
    },
    consumes: true,
    related: { 'input.validFrom': ['input.validUntil'], 'input.role': ['input.role'] },
  },
  endConsortiumMembership: {
    setup: async (ctx) => {
      const n = ctx.unique();
      const created = await must(
        ctx.as(REGION_ADMIN),
        `mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }`,
        { input: { name: `Lid ${n}`, agbCode: eightDigits(n) } },
        'a provider',
      );
      const member = await must(
        ctx.as(REGION_ADMIN),
        `mutation($input: AddConsortiumMemberInput!) { addConsortiumMember(input: $input) { id } }`,
        {
          input: {
            consortiumId: ctx.own.consortiumId,
            providerId: created.createProvider.id,
            role: 'PARTNER',
            validFrom: '2025-01-01',
          },
        },
        'a membership',
      );
      return {
        as: REGION_ADMIN,
        variables: { input: { id: member.addConsortiumMember.id, validUntil: '2026-12-31' } },
      };
    },
  },
  createIntegratedTeam: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: {
        input: {
          name: `Integraal team ${ctx.unique()}`,
          coordinatorId: ctx.own.providerId,
          memberIds: [providerId('westlandzorg')],
          disciplines: ['systeemtherapie', 'orthopedagogiek'],
        },
      },
    }),
    consumes: true,
  },
  updateIntegratedTeam: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: {
        input: {
          id: ctx.own.teamId,
          name: 'Eigen integraal team',
          memberIds: [providerId('westlandzorg')],
          disciplines: ['vaktherapie'],
        },
      },
    }),
  },
  registerSubcontract: {
    setup: async (ctx) => ({
      as: PROVIDER_ADMIN,
      variables: {
        input: {
          subcontractorId: ctx.own.providerId,
          profileIds: [profileId('P03')],
          validFrom: '2026-01-01',
          validUntil: '2027-12-31',
          consultationRateCents: 30_000,
          coTreatmentRateCents: 150_000,
        },
      },
    }),
    related: { 'input.validFrom': ['input.validUntil'] },
  },
  updateSubcontract: {
    setup: async (ctx) => ({
      as: PROVIDER_ADMIN,
      variables: {
        input: {
          id: ctx.own.subcontractId,
          profileIds: [profileId('P03'), profileId('P04')],
          validUntil: '2028-12-31',
        },
      },
    }),
  },
  endSubcontract: {
    setup: async (ctx) => ({
      as: PROVIDER_ADMIN,
      variables: { input: { id: ctx.own.subcontractId, validUntil: '2028-06-30' } },
    }),
  },

  // accounts
  inviteUser: {
    setup: async (ctx) => ({
      as: PROVIDER_ADMIN,
      variables: {
        input: { email: `nieuw${ctx.unique()}@jeugdformaat.example`, name: 'Nieuw', roles: ['PROVIDER_STAFF'] },
      },
    }),
  },
  acceptInvitation: {
    setup: async (ctx) => {
      const token = `invitation-${ctx.unique()}-${randomUUID()}`;
      await ctx.t.admin.query(
        `INSERT INTO user_invitation (token_hash, email, roles, organisation_kind, provider_id, expires_at)
         VALUES (sha256(convert_to($1, 'UTF8')), $2, '{PROVIDER_STAFF}', 'PROVIDER', $3, now() + interval '1 day')`,
        [token, `${token}@jeugdformaat.example`, providerId('jeugdformaat')],
      );
      return { as: null, variables: { input: { token, name: 'Nieuwe collega', password: NEW_PASSWORD } } };
    },
    consumes: true,
  },
  changePassword: {
    // a user of its own: a change ends its other sessions; a wrong current password is throttled
    setup: async (ctx) => {
      const { email, token } = await freshUser(ctx);
      return { as: email, token, variables: { input: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } } };
    },
    consumes: true,
    extraCodes: ['UNAUTHENTICATED'],
  },
  requestPasswordReset: {
    setup: async () => ({ as: null, variables: { email: 'niemand@nergens.example' } }),
  },
  resetPassword: {
    setup: async (ctx) => {
      const { id } = await freshUser(ctx);
      const token = `reset-${randomUUID()}`;
      await ctx.t.admin.query(
        `INSERT INTO password_reset (token_hash, user_id, expires_at) VALUES (sha256(convert_to($1, 'UTF8')), $2, now() + interval '1 hour')`,
        [token, id],
      );
      return { as: null, variables: { input: { token, newPassword: NEW_PASSWORD } } };
    },
    consumes: true,
  },
  deactivateUser: {
    setup: async (ctx) => ({ as: PROVIDER_ADMIN, variables: { id: (await freshUser(ctx)).id } }),
    consumes: true,
  },
  startTotpSetup: {
    setup: async (ctx) => {
      const { email, token } = await freshUser(ctx);
      return { as: email, token, variables: {} };
    },
  },
  confirmTotpSetup: {
    setup: async (ctx) => {
      const { email, token } = await freshUser(ctx);
      const started = await ctx.t.gql<any>(`mutation { startTotpSetup { secret } }`, {}, { token });
      return { as: email, token, variables: { code: await generate({ secret: started.data.startTotpSetup.secret }) } };
    },
    consumes: true,
    extraCodes: ['UNAUTHENTICATED'],
  },
  requireSecondFactor: {
    setup: async (ctx) => ({
      as: REGION_ADMIN,
      variables: { input: { organisationId: ctx.own.providerId, required: false } },
    }),
  },
  markNotificationsRead: {
    setup: async () => ({ as: STAFF, variables: { input: { ids: [randomUUID()] } } }),
  },
  setNotificationPreference: {
    setup: async () => ({ as: STAFF, variables: { input: { kind: 'NEW_REFERRAL', channel: 'DIGEST' } } }),
  },
};

const NEW_PASSWORD = 'een nieuwe lange zin als wachtwoord';

/** A staff member of Jeugdformaat of its own (the demo password), signed in: for cases that change an account. */
async function freshUser(ctx: FixtureContext): Promise<{ id: string; email: string; token: string }> {
  const email = `eigen-${randomUUID()}@jeugdformaat.example`;
  const { rows } = await ctx.t.admin.query(
    `INSERT INTO app_user (email, name, password_hash, organisation_kind, provider_id, roles)
     SELECT $1, 'Eigen medewerker', password_hash, 'PROVIDER', provider_id, '{PROVIDER_STAFF}'
       FROM app_user WHERE email = $2 RETURNING id`,
    [email, STAFF],
  );
  return { id: rows[0].id, email, token: await ctx.t.login(email) };
}

/** Creates the objects of our own the administration cases change. */
export async function createOwnObjects(t: TestApp): Promise<OwnObjects> {
  const admin = t.as(REGION_ADMIN);
  const provider = await must(
    admin,
    `mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }`,
    { input: { name: 'Eigen Jeugdpraktijk', agbCode: '47000000', kvkNumber: '47000001' } },
    'own provider',
  );
  const providerIdOwn = provider.createProvider.id as string;
  const consortium = await must(
    admin,
    `mutation($input: CreateConsortiumInput!) { createConsortium(input: $input) { id } }`,
    { input: { name: 'Eigen Combinatie', lotIds: [], areaIds: [] } },
    'own consortium',
  );
  const team = await must(
    admin,
    `mutation($input: CreateIntegratedTeamInput!) { createIntegratedTeam(input: $input) { id } }`,
    {
      input: {
        name: 'Eigen integraal team',
        coordinatorId: providerIdOwn,
        memberIds: [],
        disciplines: ['vaktherapie'],
      },
    },
    'own team',
  );
  const subcontract = await must(
    t.as(PROVIDER_ADMIN),
    `mutation($input: RegisterSubcontractInput!) { registerSubcontract(input: $input) { id } }`,
    {
      input: {
        subcontractorId: providerIdOwn,
        profileIds: [profileId('P03')],
        validFrom: '2026-01-01',
        consultationRateCents: 30_000,
        coTreatmentRateCents: 150_000,
      },
    },
    'own subcontract',
  );
  const profile = await must(
    admin,
    `mutation($input: CreateProfileInput!) { createProfile(input: $input) { id } }`,
    { input: { code: 'PXX', name: 'Eigen profiel', segment: 'SPECIALIST' } },
    'own profile',
  );
  return {
    providerId: providerIdOwn,
    consortiumId: consortium.createConsortium.id,
    teamId: team.createIntegratedTeam.id,
    subcontractId: subcontract.registerSubcontract.id,
    profileId: profile.createProfile.id,
  };
}
