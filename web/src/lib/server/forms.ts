import { fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { AnyVariables, DocumentInput } from '@urql/core';
import { fieldMessageOf, type ApiErrorInfo } from '$lib/api-errors';
import type { Done, Failure, Problems } from '$lib/forms/failure';
import { FORM_KEY_FIELD, formKeyOf } from '$lib/forms/form-key';
import type { MessageKey } from '$lib/i18n/translate';
import { clearSessionCookie, loginUrl } from './auth';
import { isIsoDate } from './dates';
import { api } from './graphql';

/**
 * The one way a form action answers (components/forms/* render it): it reads the submitted fields,
 * checks what the portal can check itself (`FieldCheck`, `refuse`), calls the API with the form's
 * Idempotency-Key (`mutateForm`), and maps the API's `extensions.fields` to the form's fields in a
 * `fail(…)` that carries the user's input back, so the form is shown again as it was sent.
 */

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

/** Never sent back to the page: passwords and one-time tokens. */
const SECRET = /password|token/i;

/** What was submitted, to fill the form in again. */
function echoOf(form: FormData): Pick<Failure, 'values' | 'lists'> {
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const name of new Set(form.keys())) {
    if (name === FORM_KEY_FIELD || name === 'formId' || SECRET.test(name)) continue;
    const all = form.getAll(name).filter((value): value is string => typeof value === 'string');
    if (!all.length) continue;
    values[name] = all[0];
    if (all.length > 1) lists[name] = all;
  }
  return Object.keys(lists).length ? { values, lists } : { values };
}

/** The portal's own checks refused the form (nothing was sent to the API). */
export function refuse<Extra extends object = object>(
  form: FormData,
  name: string,
  problems: Problems,
  { status = 400, extra }: { status?: number; extra?: Extra } = {},
): ActionFailure<Failure & Extra> {
  return fail(status, { form: name, problems, ...echoOf(form), ...(extra as Extra) });
}

export interface ApiFailureOptions<Extra extends object> {
  /** API field path → form field, where the default (`input.name` → `name`) does not fit. */
  fields?: Record<string, string>;
  extra?: Extra;
}

/**
 * The API refused a form's mutation. Its field problems are shown at the form's fields; the rest
 * with the form. A session that ran out while the user filled in the form goes to the login page,
 * and back to this page afterwards.
 */
export function refusedByApi<Extra extends object = object>(
  event: RequestEvent,
  form: FormData,
  name: string,
  error: ApiErrorInfo,
  { fields = {}, extra }: ApiFailureOptions<Extra> = {},
): ActionFailure<Failure & Extra> {
  if (error.code === 'UNAUTHENTICATED') {
    clearSessionCookie(event);
    redirect(303, loginUrl(event, true));
  }
  const problems: Problems = {};
  for (const problem of error.fields ?? []) {
    const field = fields[problem.field] ?? problem.field.replace(/^input\./, '');
    problems[field] ??= fieldMessageOf(problem);
  }
  const { fields: _mapped, ...rest } = error;
  return fail(STATUS[error.code], { form: name, problems, error: rest, ...echoOf(form), ...(extra as Extra) });
}

export type Mutated<Data> = { data: Data; failure?: undefined } | { data?: undefined; failure: ActionFailure<Failure> };

/**
 * Sends the mutation of a submitted form, with the form's Idempotency-Key (a hidden field made when
 * the form was rendered), so a form sent twice — a double click, a retried post — is done once.
 * Answers the API's data, or the failure for the action to return.
 */
export async function mutateForm<Data, Variables extends AnyVariables, Extra extends object = object>(
  event: RequestEvent,
  form: FormData,
  name: string,
  document: DocumentInput<Data, Variables>,
  variables: Variables,
  options: ApiFailureOptions<Extra> = {},
): Promise<Mutated<Data>> {
  const outcome = await api(event).mutate(document, variables, formKeyOf(form));
  return outcome.error ? { failure: refusedByApi(event, form, name, outcome.error, options) } : { data: outcome.data };
}

/** A form that stays on its page: its mutation, answered with its confirmation or its failure. */
export async function submitForm<Data, Variables extends AnyVariables>(
  event: RequestEvent,
  form: FormData,
  name: string,
  done: MessageKey,
  document: DocumentInput<Data, Variables>,
  variables: Variables,
  options: ApiFailureOptions<object> = {},
): Promise<Done | ActionFailure<Failure>> {
  const { failure } = await mutateForm(event, form, name, document, variables, options);
  return failure ?? { form: name, done };
}

// Reading form fields --------------------------------------------------------------------------

export const text = (form: FormData, name: string): string => String(form.get(name) ?? '').trim();
export const optionalText = (form: FormData, name: string): string | null => text(form, name) || null;
export const ids = (form: FormData, name: string): string[] => form.getAll(name).map(String).filter(Boolean);

/** An amount in euros as typed ("1.234,50", "1234.5", "350") in cents; null when it is not one. */
export function euroCents(value: string): number | null {
  const cleaned = value.replace(/[€\s]/g, '');
  if (!cleaned) return null;
  // Dutch notation: a comma for decimals, dots for thousands; otherwise a decimal point.
  const normal = cleaned.includes(',') ? cleaned.replace(/\./g, '').replace(',', '.') : cleaned;
  if (!/^\d+(\.\d{1,2})?$/.test(normal)) return null;
  return Math.round(Number(normal) * 100);
}

/** Checks fields in the order the form asks them; the problems are the form's answer (`refuse`). */
export class FieldCheck {
  readonly problems: Problems = {};
  /** Any problem, named by its message. */
  problem(field: string, key: MessageKey): this {
    this.problems[field] ??= { key };
    return this;
  }
  required(field: string, value: string | null | undefined, key: MessageKey = 'forms.required'): this {
    return value ? this : this.problem(field, key);
  }
  date(field: string, value: string | null | undefined, { optional = false } = {}): this {
    return (!value ? !optional : !isIsoDate(value)) ? this.problem(field, 'forms.invalidDate') : this;
  }
  amount(field: string, value: number | null): this {
    return value === null ? this.problem(field, 'forms.invalidAmount') : this;
  }
  /** A whole number of at least 0 (how many), as typed. */
  count(field: string, value: string): this {
    return /^\d{1,9}$/.test(value) ? this : this.problem(field, 'forms.invalidCount');
  }
  get ok(): boolean {
    return Object.keys(this.problems).length === 0;
  }
}
