import { RuleViolationError } from '../../core/errors/errors.js';
import { ImprovementPlanStatus, type ImprovementPlanRow } from './improvement-plan.types.js';

export type ImprovementPlanAction = 'submit' | 'accept' | 'close';

/** From which states each step of the plan is allowed. */
const ALLOWED: Record<ImprovementPlanAction, ImprovementPlanStatus[]> = {
  submit: [ImprovementPlanStatus.REQUIRED, ImprovementPlanStatus.SUBMITTED],
  accept: [ImprovementPlanStatus.SUBMITTED],
  close: [ImprovementPlanStatus.REQUIRED, ImprovementPlanStatus.SUBMITTED, ImprovementPlanStatus.ACCEPTED],
};

const DONE: Record<ImprovementPlanAction, string> = { submit: 'submitted', accept: 'accepted', close: 'closed' };

/** An improvement plan goes REQUIRED → SUBMITTED (revisable) → ACCEPTED → CLOSED; closing is possible at any point. */
export function assertImprovementPlanTransition(status: ImprovementPlanStatus, action: ImprovementPlanAction): void {
  if (!ALLOWED[action].includes(status)) {
    throw new RuleViolationError(
      'INVALID_TRANSITION',
      `An improvement plan that is ${status.toLowerCase()} cannot be ${DONE[action]}.`,
    );
  }
}

/** Still not submitted after its due date (Amsterdam's `today`). */
export const isOverdue = (plan: Pick<ImprovementPlanRow, 'status' | 'dueDate'>, today: string): boolean =>
  plan.status === ImprovementPlanStatus.REQUIRED && plan.dueDate < today;
