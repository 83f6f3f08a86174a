import { isLifeDomain } from '$lib/care/life-domains';
import type { GoalDraft, PlanValues } from '$lib/care/plan-conflict';
import type { Problems } from '$lib/care/problems';
import { field } from './care-actions';
import { isIsoDate } from './dates';

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
    fields[name] = field(form, name);
    apiFields[`input.${name}`] = name;
  }
  if ('endDate' in fields && fields.endDate && !isIsoDate(fields.endDate))
    problems.endDate = { key: 'trajectory.invalidDate' };

  const goals: GoalDraft[] = [];
  for (let row = 0; row < MAX_ROWS; row++) {
    const name = (part: string) => `goals.${row}.${part}`;
    if (!form.has(name('description'))) continue;
    const id = field(form, name('id')) || null;
    const description = field(form, name('description'));
    const targetDate = field(form, name('targetDate')) || null;
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
    const lifeDomain = field(form, name('lifeDomain'));
    goals.push({
      id,
      description,
      targetDate,
      contributesToGoalId: field(form, name('contributesTo')) || null,
      lifeDomain: isLifeDomain(lifeDomain) ? lifeDomain : null,
    });
  }
  const version = Number(field(form, 'version'));
  return { version: Number.isInteger(version) ? version : 0, values: { fields, goals }, problems, apiFields };
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
    const value = field(form, `result.${goalId}`);
    values[`result.${goalId}`] = value;
    if (REALISATIONS.includes(value as Realisation)) goalResults.push({ goalId, realisation: value as Realisation });
    else problems[`result.${goalId}`] = { key: 'trajectory.outcome.resultRequired' };
  }
  const satisfaction: SubmittedOutcome['input']['satisfaction'] = [];
  for (const informant of ['YOUTH', 'PARENT'] as const) {
    const value = field(form, `satisfaction.${informant}`);
    values[`satisfaction.${informant}`] = value;
    const score = Number(value);
    if (value === 'none') satisfaction.push({ informant, score: null });
    else if (Number.isInteger(score) && score >= 1 && score <= 10) satisfaction.push({ informant, score });
    else problems[`satisfaction.${informant}`] = { key: 'trajectory.outcome.scoreRequired' };
  }
  const continuation = field(form, 'continuation');
  values.continuation = continuation;
  if (!CONTINUATIONS.includes(continuation as Continuation))
    problems.continuation = { key: 'trajectory.outcome.continuationRequired' };
  const endReasonCode = field(form, 'endReasonCode');
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
