import type { ApiErrorInfo, FieldMessage } from '$lib/api-errors';
import type { PlanConflict, PlanValues } from './plan-conflict';

/** Problems per form field (the field's name in the form). */
export type Problems = Record<string, FieldMessage>;

/**
 * A refused form submission, as the form action answers it: which form it was (a page has several),
 * the problems per field, an API error about the whole form, and what was submitted (so that, without
 * JavaScript, the re-rendered form still holds it).
 */
export interface Failure {
  form: string;
  problems?: Problems;
  error?: ApiErrorInfo;
  values?: Record<string, string>;
}

/** The failure of one form, out of a page's `form` prop. */
export function failureOf<T extends Failure>(form: unknown, name: string): T | undefined {
  return form && typeof form === 'object' && (form as Failure).form === name ? (form as T) : undefined;
}

/** A refused plan save: what was submitted, and after a CONFLICT what changed meanwhile. */
export interface PlanFailure extends Failure {
  plan?: { version: number; values: PlanValues };
  conflict?: PlanConflict;
}
