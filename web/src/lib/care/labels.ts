import { t, type MessageKey } from '$lib/i18n';

const PLAN_FIELDS: Record<string, MessageKey> = {
  question: 'trajectory.plan.field.question',
  context: 'trajectory.plan.field.context',
  goals: 'trajectory.plan.field.goals',
  effortDescription: 'trajectory.plan.field.effortDescription',
  endDate: 'trajectory.plan.field.endDate',
};

/** The name of a plan field as the API's history names it (question, goals, …), in the page's language. */
export const planFieldLabel = (field: string): string => (PLAN_FIELDS[field] ? t(PLAN_FIELDS[field]) : field);

/** A JZ588 reason for ending with its description: "31: Levering is volgens plan beëindigd". */
export function jz588Label(code: string): string {
  const key = `trajectory.outcome.jz588.${code}` as MessageKey;
  return t('trajectory.outcome.jz588', { code, description: t(key) });
}
