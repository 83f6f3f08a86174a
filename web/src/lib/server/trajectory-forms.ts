import { isLifeDomain } from '$lib/care/life-domains';
import type { RequestEvent } from '@sveltejs/kit';
import { mergePlan, type GoalDraft, type PlanConflict, type PlanValues } from '$lib/care/plan-conflict';
import type { Problems } from '$lib/forms/failure';
import {
  CurrentPlansQuery,
  UpdateFamilyPlanMutation,
  UpdateHelpPlanMutation,
  type FamilyPlan,
  type HelpPlan,
} from '$lib/graphql/care';
import { isIsoDate } from './dates';
import { mutateForm, refuse, text } from './forms';
import { api } from './graphql';
import { backToTrajectory } from './trajectory';

/** The most goal rows a plan form has (the API accepts fewer goals than this). */
const MAX_ROWS = 60;

export interface SubmittedPlan {
  version: number;
  values: PlanValues;
  problems: Problems;
  /** API field path → form field, for the API's own field problems. */
  apiFields: Record<string, string>;
}

/**
 * A plan form: the version the editor started from, its text fields, and its goal rows
 * (`goals.<row>.id|description|targetDate|contributesTo|remove`). A row marked for removal, or a new
 * row left empty, is not a goal; an existing goal left empty is a problem (remove it instead).
 */
export function planFrom(form: FormData, textFields: readonly string[]): SubmittedPlan {
  const problems: Problems = {};
  const apiFields: Record<string, string> = {};
  const fields: Record<string, string> = {};
  for (const name of textFields) {
    fields[name] = text(form, name);
    apiFields[`input.${name}`] = name;
  }
  if ('endDate' in fields && fields.endDate && !isIsoDate(fields.endDate))
    problems.endDate = { key: 'trajectory.invalidDate' };

  const goals: GoalDraft[] = [];
  for (let row = 0; row < MAX_ROWS; row++) {
    const name = (part: string) => `goals.${row}.${part}`;
    if (!form.has(name('description'))) continue;
    const id = text(form, name('id')) || null;
    const description = text(form, name('description'));
    const targetDate = text(form, name('targetDate')) || null;
    if (form.has(name('remove'))) continue;
    if (!description) {
      if (id) problems[name('description')] = { key: 'trajectory.plan.goalEmpty' };
      continue;
    }
    if (targetDate && !isIsoDate(targetDate)) problems[name('targetDate')] = { key: 'trajectory.invalidDate' };
    const sent = goals.length;
    apiFields[`input.goals.${sent}.description`] = name('description');
    apiFields[`input.goals.${sent}.id`] = name('description');
    apiFields[`input.goals.${sent}.targetDate`] = name('targetDate');
    apiFields[`input.goals.${sent}.contributesToGoalId`] = name('contributesTo');
    apiFields[`input.goals.${sent}.lifeDomain`] = name('lifeDomain');
    const lifeDomain = text(form, name('lifeDomain'));
    goals.push({
      id,
      description,
      targetDate,
      contributesToGoalId: text(form, name('contributesTo')) || null,
      lifeDomain: isLifeDomain(lifeDomain) ? lifeDomain : null,
    });
  }
  const version = Number(text(form, 'version'));
  return { version: Number.isInteger(version) ? version : 0, values: { fields, goals }, problems, apiFields };
}

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

/**
 * Saves a plan (the family plan's or the help plan's task page); on CONFLICT answers with what
 * changed meanwhile and the change prepared on the newest version.
 */
export async function savePlan(event: RequestEvent, kind: 'familyPlan' | 'helpPlan') {
  const form = await event.request.formData();
  const textFields = PLAN_FIELDS[kind];
  const submitted = planFrom(form, textFields);
  const plan = { version: submitted.version, values: submitted.values };
  if (kind === 'familyPlan' && !submitted.values.fields.question)
    submitted.problems.question = { key: 'trajectory.required' };
  if (Object.keys(submitted.problems).length) return refuse(form, kind, submitted.problems, { extra: { plan } });

  const { fields, goals } = submitted.values;
  const options = { fields: submitted.apiFields, extra: { plan } };
  const { failure } =
    kind === 'familyPlan'
      ? await mutateForm(
          event,
          form,
          kind,
          UpdateFamilyPlanMutation,
          {
            input: {
              id: text(form, 'planId'),
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
          options,
        )
      : await mutateForm(
          event,
          form,
          kind,
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
          options,
        );
  if (!failure) return backToTrajectory(event, kind);

  if (failure.status === 409) {
    const current = await api(event).query(CurrentPlansQuery, { id: event.params.id! });
    const newest = kind === 'familyPlan' ? current.trajectory?.familyPlan : current.trajectory?.helpPlan;
    if (newest) {
      const conflict: PlanConflict = mergePlan(kind, submitted.version, submitted.values, {
        ...valuesOf(newest, textFields),
        version: newest.version,
        history: newest.history,
      });
      return refuse(form, kind, {}, { status: 409, extra: { plan, conflict } });
    }
  }
  return failure;
}

export const REALISATIONS = ['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED'] as const;
export const CONTINUATIONS = ['SAME_OR_HEAVIER', 'LIGHTER', 'NONE_NOW_EXPECTS_RETURN', 'NONE'] as const;
/** JZ588 reasons that end a trajectory (20, a temporary interruption, does not). */
export const JZ588_CODES = ['31', '32', '33', '34', '35', '36', '37', '38', '39', '02'] as const;

type Realisation = (typeof REALISATIONS)[number];
type Continuation = (typeof CONTINUATIONS)[number];

export interface SubmittedOutcome {
  input: {
    goalResults: { goalId: string; realisation: Realisation }[];
    satisfaction: { informant: 'YOUTH' | 'PARENT'; score: number | null }[];
    continuation: Continuation;
    endReasonCode: string;
  };
  problems: Problems;
  values: Record<string, string>;
}

/**
 * An outcome form: a result per treatment goal (`result.<goalId>`), the satisfaction of youth and
 * parents (`satisfaction.YOUTH|PARENT`: 1–10, or `none` for not asked / declined), the continuation
 * and the JZ588 end reason. Every answer is required; "not asked" is an answer.
 */
export function outcomeFrom(form: FormData, goalIds: readonly string[]): SubmittedOutcome {
  const problems: Problems = {};
  const values: Record<string, string> = {};
  const goalResults: SubmittedOutcome['input']['goalResults'] = [];
  for (const goalId of goalIds) {
    const value = text(form, `result.${goalId}`);
    values[`result.${goalId}`] = value;
    if (REALISATIONS.includes(value as Realisation)) goalResults.push({ goalId, realisation: value as Realisation });
    else problems[`result.${goalId}`] = { key: 'trajectory.outcome.resultRequired' };
  }
  const satisfaction: SubmittedOutcome['input']['satisfaction'] = [];
  for (const informant of ['YOUTH', 'PARENT'] as const) {
    const value = text(form, `satisfaction.${informant}`);
    values[`satisfaction.${informant}`] = value;
    const score = Number(value);
    if (value === 'none') satisfaction.push({ informant, score: null });
    else if (Number.isInteger(score) && score >= 1 && score <= 10) satisfaction.push({ informant, score });
    else problems[`satisfaction.${informant}`] = { key: 'trajectory.outcome.scoreRequired' };
  }
  const continuation = text(form, 'continuation');
  values.continuation = continuation;
  if (!CONTINUATIONS.includes(continuation as Continuation))
    problems.continuation = { key: 'trajectory.outcome.continuationRequired' };
  const endReasonCode = text(form, 'endReasonCode');
  values.endReasonCode = endReasonCode;
  if (!JZ588_CODES.includes(endReasonCode as (typeof JZ588_CODES)[number]))
    problems.endReasonCode = { key: 'trajectory.outcome.endReasonRequired' };
  return {
    input: { goalResults, satisfaction, continuation: continuation as Continuation, endReasonCode },
    problems,
    values,
  };
}

/** The API's field paths of an outcome, to the form's fields. */
export function outcomeApiFields(goalIds: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {
    'input.continuation': 'continuation',
    'input.endReasonCode': 'endReasonCode',
    'input.satisfaction.0.score': 'satisfaction.YOUTH',
    'input.satisfaction.1.score': 'satisfaction.PARENT',
    'input.reason': 'reason',
  };
  goalIds.forEach((goalId, i) => (fields[`input.goalResults.${i}.goalId`] = `result.${goalId}`));
  return fields;
}
