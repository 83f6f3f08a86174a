import type { Failure } from '$lib/forms/failure';
import type { PlanConflict, PlanValues } from './plan-conflict';

/** A refused plan save: what was submitted, and after a CONFLICT what changed meanwhile. */
export interface PlanFailure extends Failure {
  plan?: { version: number; values: PlanValues };
  conflict?: PlanConflict;
}
