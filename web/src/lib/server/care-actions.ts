import { fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { fieldMessageOf, type ApiErrorInfo } from '$lib/api-errors';
import type { Failure, Problems } from '$lib/care/problems';
import { clearSessionCookie, loginUrl } from './auth';

/** HTTP status of a refused form submission, by the API's error code. */
const STATUS: Record<ApiErrorInfo['code'], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  INTERNAL: 500,
};

/** The form action's answer to a refused submission; `extra` carries e.g. a plan conflict. */
export function refuse<Extra extends object = object>(
  status: number,
  failure: Failure & Extra,
): ActionFailure<Failure & Extra> {
  return fail(status, failure);
}

/**
 * The API refused a form's mutation. Its field problems are shown at the form's fields, named by
 * `fields` (API path → form field); the rest with the form. A session that ran out while the user
 * filled in the form goes to the login page, and back to this page afterwards.
 */
export function refusedByApi<Extra extends object = object>(
  event: RequestEvent,
  form: string,
  error: ApiErrorInfo,
  {
    fields = {},
    values,
    extra,
  }: { fields?: Record<string, string>; values?: Record<string, string>; extra?: Extra } = {},
): ActionFailure<Failure & Partial<Extra>> {
  if (error.code === 'UNAUTHENTICATED') {
    clearSessionCookie(event);
    redirect(303, loginUrl(event, true));
  }
  const problems: Problems = {};
  const unmapped = (error.fields ?? []).filter((problem) => {
    const field = fields[problem.field];
    if (field) problems[field] = fieldMessageOf(problem);
    return !field;
  });
  const rest: ApiErrorInfo = { ...error, fields: unmapped.length ? unmapped : undefined };
  return fail(STATUS[error.code], { form, problems, error: rest, values, ...(extra ?? {}) } as Failure &
    Partial<Extra>);
}

// Reading submitted fields ----------------------------------------------------------------------

export const field = (form: FormData, name: string): string => String(form.get(name) ?? '').trim();
