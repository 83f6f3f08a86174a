import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { formKeyOf } from '$lib/forms/form-key';
import { mergePlan, type PlanConflict, type PlanValues } from '$lib/care/plan-conflict';
import type { Problems } from '$lib/care/problems';
import {
  AcceptReferralMutation,
  CloseTrajectoryMutation,
  CompleteExpertiseRequestMutation,
  CorrectOutcomeMutation,
  CurrentPlansQuery,
  DeclineReferralMutation,
  ExpertiseOptionsQuery,
  ProvidersQuery,
  RecordSocietalResultsMutation,
  RequestExpertiseMutation,
  RespondToTransferMutation,
  SubmitOutcomeMutation,
  TrajectoryPageQuery,
  TransferResponsibilityMutation,
  UpdateFamilyPlanMutation,
  UpdateHelpPlanMutation,
  WithdrawExpertiseRequestMutation,
  type FamilyPlan,
  type HelpPlan,
} from '$lib/graphql/care';
import { TRAJECTORY_DEPENDENCY } from '$lib/care/live';
import QRCode from 'qrcode';
import { CreateFamilyAccessLinkMutation, CreateQuestionnaireLinkMutation } from '$lib/graphql/family';
import { isLifeDomain } from '$lib/care/life-domains';
import { currentPics } from '$lib/care/pics';
import { TrajectoryIjwMessages } from '$lib/graphql/ijw';
import { PicOptionsQuery } from '$lib/graphql/intake';
import { field, refuse, refusedByApi } from '$lib/server/care-actions';
import { today } from '$lib/server/dates';
import { api } from '$lib/server/graphql';
import { referralCheckActions } from '$lib/server/referral-check-actions';
import { outcomeApiFields, outcomeFrom, planFrom, REALISATIONS } from '$lib/server/trajectory-forms';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  event.depends(TRAJECTORY_DEPENDENCY);
  const client = api(event);
  const { trajectory } = await client.query(TrajectoryPageQuery, { id: event.params.id });
  if (!trajectory) error(404, 'NOT_FOUND');

  const responsible = trajectory.involvement.includes('RESPONSIBLE');
  const referrer = trajectory.involvement.includes('REFERRER');
  const open = trajectory.status === 'REFERRED' || trajectory.status === 'ACTIVE';
  const pendingTransfer = trajectory.transfers.some((transfer) => transfer.status === 'PENDING');

  // Expertise is asked by the responsible provider of an active trajectory, only of providers the rules allow.
  const chosen = event.url.searchParams.get('expertise');
  const expertiseProfileId = chosen && UUID.test(chosen) ? chosen : trajectory.referral.pic.profile.id;
  const expertise =
    responsible && trajectory.status === 'ACTIVE'
      ? await client.query(ExpertiseOptionsQuery, { trajectoryId: trajectory.id, profileId: expertiseProfileId })
      : null;
  const providers =
    (responsible || referrer) && open && !pendingTransfer ? (await client.query(ProvidersQuery, {})).providers : null;
  // the referral check: the main contractor may propose another PIC while none waits for a decision
  const mayPropose = responsible && open && !trajectory.picProposals.some((p) => p.status === 'PROPOSED');
  const pics = mayPropose
    ? currentPics((await client.query(PicOptionsQuery, {})).pics, today())
        .flatMap((entry) => entry.pics)
        .filter((pic) => pic.id !== trajectory.referral.pic.id)
    : null;

  // the main contractor sees the iJw messages about the trajectory (a rejected one is corrected here)
  const ijwMessages = responsible
    ? ((await client.query(TrajectoryIjwMessages, { id: trajectory.id })).trajectory?.ijwMessages ?? [])
    : [];

  return { trajectory, expertise, expertiseProfileId, providers, pics, ijwMessages };
};

/** A new family link as the page shows it: absolute, with a QR code to scan from the screen. */
async function familyLink(
  event: RequestEvent,
  kind: 'questionnaire' | 'access',
  path: string,
  expiresAt: string,
  informant: 'YOUTH' | 'PARENT' | null,
) {
  const url = new URL(path, event.url.origin).href;
  const qr = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { familyLink: { kind, url, qr, expiresAt, informant } };
}

// --- actions ------------------------------------------------------------------------------------

type Done =
  | 'accepted'
  | 'declined'
  | 'returnedToIntake'
  | 'familyPlan'
  | 'helpPlan'
  | 'expertiseRequested'
  | 'expertiseWithdrawn'
  | 'expertiseCompleted'
  | 'transferOffered'
  | 'transferForced'
  | 'transferAccepted'
  | 'outcomeSubmitted'
  | 'outcomeCorrected'
  | 'closed'
  | 'societalResults';

/** After a change: the page itself, freshly loaded, saying what was done (post/redirect/get). */
const done = (event: RequestEvent, what: Done): never => redirect(303, `${event.url.pathname}?done=${what}`);

const formOf = async (event: RequestEvent) => {
  const form = await event.request.formData();
  return { form, key: formKeyOf(form) };
};

/** A plan as the conflict view and the form need it: its text fields and goals. */
function valuesOf(plan: FamilyPlan | HelpPlan, textFields: readonly string[]): PlanValues {
  const source = plan as unknown as Record<string, string | null>;
  return {
    fields: Object.fromEntries(textFields.map((name) => [name, source[name] ?? ''])),
    goals: plan.goals.map((goal) => ({
      id: goal.id,
      description: goal.description,
      targetDate: goal.targetDate ?? null,
      contributesToGoalId: 'contributesTo' in goal ? (goal.contributesTo?.id ?? null) : null,
      lifeDomain: 'lifeDomain' in goal ? (goal.lifeDomain ?? null) : null,
    })),
  };
}

const PLAN_FIELDS = { familyPlan: ['question', 'context'], helpPlan: ['effortDescription', 'endDate'] } as const;

/** Saves a plan; on CONFLICT answers with what changed meanwhile and the change prepared on the newest version. */
async function savePlan(event: RequestEvent, kind: 'familyPlan' | 'helpPlan') {
  const { form, key } = await formOf(event);
  const textFields = PLAN_FIELDS[kind];
  const submitted = planFrom(form, textFields);
  const planFailure = (status: number, problems: Problems, extra: { conflict?: PlanConflict } = {}) =>
    refuse(status, { form: kind, problems, plan: { version: submitted.version, values: submitted.values }, ...extra });

  if (kind === 'familyPlan' && !submitted.values.fields.question)
    submitted.problems.question = { key: 'trajectory.required' };
  if (Object.keys(submitted.problems).length) return planFailure(400, submitted.problems);

  const { fields, goals } = submitted.values;
  const outcome =
    kind === 'familyPlan'
      ? await api(event).mutate(
          UpdateFamilyPlanMutation,
          {
            input: {
              id: field(form, 'planId'),
              version: submitted.version,
              question: fields.question,
              context: fields.context,
              goals: goals.map((goal) => ({
                id: goal.id,
                kind: 'SOCIETAL' as const,
                description: goal.description,
                targetDate: goal.targetDate,
                lifeDomain: goal.lifeDomain,
              })),
            },
          },
          key,
        )
      : await api(event).mutate(
          UpdateHelpPlanMutation,
          {
            input: {
              trajectoryId: event.params.id!,
              version: submitted.version,
              effortDescription: fields.effortDescription,
              endDate: fields.endDate || null,
              goals: goals.map((goal) => ({
                id: goal.id,
                kind: 'TREATMENT' as const,
                description: goal.description,
                targetDate: goal.targetDate,
                contributesToGoalId: goal.contributesToGoalId,
              })),
            },
          },
          key,
        );
  if (!outcome.error) return done(event, kind);

  if (outcome.error.code === 'CONFLICT') {
    const current = await api(event).query(CurrentPlansQuery, { id: event.params.id! });
    const plan = kind === 'familyPlan' ? current.trajectory?.familyPlan : current.trajectory?.helpPlan;
    if (plan) {
      const conflict = mergePlan(kind, submitted.version, submitted.values, {
        ...valuesOf(plan, textFields),
        version: plan.version,
        history: plan.history,
      });
      return planFailure(409, {}, { conflict });
    }
  }
  return refusedByApi(event, kind, outcome.error, {
    fields: submitted.apiFields,
    extra: { plan: { version: submitted.version, values: submitted.values } },
  });
}

async function saveOutcome(event: RequestEvent, correction: boolean) {
  const { form, key } = await formOf(event);
  const name = correction ? 'correctOutcome' : 'submitOutcome';
  const goalIds = form.getAll('goalId').map(String);
  const submitted = outcomeFrom(form, goalIds);
  const reason = field(form, 'reason');
  if (correction) {
    submitted.values.reason = reason;
    if (!reason) submitted.problems.reason = { key: 'trajectory.required' };
  }
  if (Object.keys(submitted.problems).length)
    return refuse(400, { form: name, problems: submitted.problems, values: submitted.values });
  const trajectoryId = event.params.id!;
  const outcome = correction
    ? await api(event).mutate(CorrectOutcomeMutation, { input: { trajectoryId, ...submitted.input, reason } }, key)
    : await api(event).mutate(SubmitOutcomeMutation, { input: { trajectoryId, ...submitted.input } }, key);
  if (outcome.error)
    return refusedByApi(event, name, outcome.error, { fields: outcomeApiFields(goalIds), values: submitted.values });
  return done(event, correction ? 'outcomeCorrected' : 'outcomeSubmitted');
}

export const actions: Actions = {
  ...referralCheckActions,

  accept: async (event) => {
    const { key } = await formOf(event);
    const outcome = await api(event).mutate(AcceptReferralMutation, { trajectoryId: event.params.id }, key);
    if (outcome.error) return refusedByApi(event, 'accept', outcome.error);
    return done(event, 'accepted');
  },

  decline: async (event) => {
    const { form, key } = await formOf(event);
    const reason = field(form, 'reason');
    if (!reason)
      return refuse(400, { form: 'decline', problems: { reason: { key: 'trajectory.required' } }, values: { reason } });
    const outcome = await api(event).mutate(DeclineReferralMutation, { trajectoryId: event.params.id, reason }, key);
    if (outcome.error)
      return refusedByApi(event, 'decline', outcome.error, { fields: { reason: 'reason' }, values: { reason } });
    // a consortium's member returns the youth to the consortium's intake, never to the referrer
    return done(event, outcome.data.declineReferral.status === 'INTAKE' ? 'returnedToIntake' : 'declined');
  },

  familyPlan: (event) => savePlan(event, 'familyPlan'),
  helpPlan: (event) => savePlan(event, 'helpPlan'),

  requestExpertise: async (event) => {
    const { form, key } = await formOf(event);
    const values = {
      providerId: field(form, 'providerId'),
      mode: field(form, 'mode'),
      profileId: field(form, 'profileId'),
      question: field(form, 'question'),
    };
    const problems: Problems = {};
    if (!values.providerId) problems.providerId = { key: 'trajectory.expertise.providerRequired' };
    if (values.mode !== 'CONSULTATION' && values.mode !== 'CO_TREATMENT')
      problems.mode = { key: 'trajectory.expertise.modeRequired' };
    if (!values.question) problems.question = { key: 'trajectory.required' };
    if (Object.keys(problems).length) return refuse(400, { form: 'requestExpertise', problems, values });
    const outcome = await api(event).mutate(
      RequestExpertiseMutation,
      {
        input: {
          trajectoryId: event.params.id!,
          providerId: values.providerId,
          mode: values.mode as 'CONSULTATION' | 'CO_TREATMENT',
          profileId: values.profileId || null,
          question: values.question,
          // anything but a life domain the form may send is left out
          sharedLifeDomains: form.getAll('sharedLifeDomains').map(String).filter(isLifeDomain),
        },
      },
      key,
    );
    if (outcome.error) {
      return refusedByApi(event, 'requestExpertise', outcome.error, {
        fields: {
          'input.providerId': 'providerId',
          'input.question': 'question',
          'input.profileId': 'profileId',
          'input.mode': 'mode',
        },
        values,
      });
    }
    return done(event, 'expertiseRequested');
  },

  withdrawExpertise: async (event) => {
    const { form, key } = await formOf(event);
    const outcome = await api(event).mutate(WithdrawExpertiseRequestMutation, { id: field(form, 'requestId') }, key);
    if (outcome.error) return refusedByApi(event, `expertise-${field(form, 'requestId')}`, outcome.error);
    return done(event, 'expertiseWithdrawn');
  },

  completeExpertise: async (event) => {
    const { form, key } = await formOf(event);
    const outcome = await api(event).mutate(CompleteExpertiseRequestMutation, { id: field(form, 'requestId') }, key);
    if (outcome.error) return refusedByApi(event, `expertise-${field(form, 'requestId')}`, outcome.error);
    // the contributor's own request: with it ends its view of the family
    const organisation = event.locals.viewer?.organisation;
    if (
      organisation?.__typename === 'Provider' &&
      outcome.data.completeExpertiseRequest.provider.id === organisation.id
    )
      redirect(303, '/inbox?done=completed');
    return done(event, 'expertiseCompleted');
  },

  offerTransfer: async (event) => {
    const { form, key } = await formOf(event);
    const values = { toProviderId: field(form, 'toProviderId'), reason: field(form, 'reason') };
    const problems: Problems = {};
    if (!values.toProviderId) problems.toProviderId = { key: 'trajectory.transfer.providerRequired' };
    if (!values.reason) problems.reason = { key: 'trajectory.required' };
    if (Object.keys(problems).length) return refuse(400, { form: 'offerTransfer', problems, values });
    const outcome = await api(event).mutate(
      TransferResponsibilityMutation,
      { input: { trajectoryId: event.params.id!, ...values } },
      key,
    );
    if (outcome.error) {
      return refusedByApi(event, 'offerTransfer', outcome.error, {
        fields: { 'input.toProviderId': 'toProviderId', 'input.reason': 'reason' },
        values,
      });
    }
    // highly specialist care: the acceptance obligation makes the transfer immediate
    if (outcome.data.transferResponsibility.responsibleProvider.id === values.toProviderId) {
      const viewer = event.locals.viewer;
      if (!viewer?.roles.includes('REFERRER')) redirect(303, '/caseload');
      return done(event, 'transferForced');
    }
    return done(event, 'transferOffered');
  },

  respondTransfer: async (event) => {
    const { form, key } = await formOf(event);
    const accept = field(form, 'answer') === 'accept';
    const reason = field(form, 'reason');
    if (!accept && !reason)
      return refuse(400, {
        form: 'respondTransfer',
        problems: { reason: { key: 'trajectory.required' } },
        values: { reason },
      });
    const outcome = await api(event).mutate(
      RespondToTransferMutation,
      { input: { id: field(form, 'transferId'), accept, reason: accept ? null : reason } },
      key,
    );
    if (outcome.error)
      return refusedByApi(event, 'respondTransfer', outcome.error, {
        fields: { 'input.reason': 'reason' },
        values: { reason },
      });
    // after declining, the trajectory is no longer the viewer's to see
    if (!accept) redirect(303, '/inbox?done=transferDeclined');
    return done(event, 'transferAccepted');
  },

  // A family link is shown once, with its QR code: only its hash is kept, so it cannot be shown again.
  questionnaireLink: async (event) => {
    const { form } = await formOf(event);
    const informant = field(form, 'informant') === 'YOUTH' ? 'YOUTH' : 'PARENT';
    const outcome = await api(event).request('mutation', CreateQuestionnaireLinkMutation, {
      trajectoryId: event.params.id,
      informant,
    });
    if (outcome.error) return refusedByApi(event, 'familyLinks', outcome.error);
    const { url, expiresAt } = outcome.data.createQuestionnaireLink;
    return familyLink(event, 'questionnaire', url, expiresAt, informant);
  },
  familyAccessLink: async (event) => {
    const { form } = await formOf(event);
    const outcome = await api(event).request('mutation', CreateFamilyAccessLinkMutation, {
      youthId: field(form, 'youthId'),
    });
    if (outcome.error) return refusedByApi(event, 'familyLinks', outcome.error);
    const { url, expiresAt } = outcome.data.createFamilyAccessLink;
    return familyLink(event, 'access', url, expiresAt, null);
  },

  submitOutcome: (event) => saveOutcome(event, false),
  correctOutcome: (event) => saveOutcome(event, true),

  close: async (event) => {
    const { key } = await formOf(event);
    const outcome = await api(event).mutate(CloseTrajectoryMutation, { trajectoryId: event.params.id }, key);
    if (outcome.error) return refusedByApi(event, 'close', outcome.error);
    return done(event, 'closed');
  },

  societalResults: async (event) => {
    const { form, key } = await formOf(event);
    const results = form
      .getAll('goalId')
      .map(String)
      .map((goalId) => ({ goalId, realisation: field(form, `societal.${goalId}`) }))
      .filter((result): result is { goalId: string; realisation: (typeof REALISATIONS)[number] } =>
        REALISATIONS.includes(result.realisation as (typeof REALISATIONS)[number]),
      );
    if (!results.length) {
      const first = form.get('goalId');
      return refuse(400, {
        form: 'societalResults',
        problems: { [`societal.${first}`]: { key: 'trajectory.societal.noneChosen' } },
      });
    }
    const outcome = await api(event).mutate(
      RecordSocietalResultsMutation,
      { input: { familyPlanId: field(form, 'familyPlanId'), results } },
      key,
    );
    if (outcome.error) return refusedByApi(event, 'societalResults', outcome.error);
    return done(event, 'societalResults');
  },
};
