import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { AnyVariables, DocumentInput } from '@urql/core';
import type { ApiErrorInfo, FieldProblem } from '$lib/api-errors';
import { formKeyOf } from '$lib/forms/form-key';
import type { MessageKey } from '$lib/i18n/translate';
import { isIsoDate } from './dates';
import { api, type Outcome } from './graphql';

/**
 * Form actions of the management pages. Every form names itself (`formId`), so a page with several
 * forms shows an error or a confirmation with the form it belongs to (see components/forms/Form.svelte).
 */
export interface FormFailure {
  formId: string;
  error: ApiErrorInfo;
}
export interface FormSuccess {
  formId: string;
  done: MessageKey;
}

const STATUS: Partial<Record<ApiErrorInfo['code'], number>> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  INTERNAL: 500,
};

export const formFailure = (formId: string, error: ApiErrorInfo): ActionFailure<FormFailure> =>
  fail(STATUS[error.code] ?? 400, { formId, error });

/** A form field that was left empty or is malformed: the same shape as the API's BAD_USER_INPUT. */
export const invalid = (formId: string, fields: FieldProblem[]): ActionFailure<FormFailure> =>
  formFailure(formId, { code: 'BAD_USER_INPUT', fields });

/**
 * Sends the mutation of a submitted form, with the form's Idempotency-Key (a hidden field made when
 * the form was rendered), so a form sent twice — a double click, a retried post — is done once.
 */
export async function mutateFromForm<Data, Variables extends AnyVariables>(
  event: RequestEvent,
  form: FormData,
  document: DocumentInput<Data, Variables>,
  variables: Variables,
): Promise<Outcome<Data>> {
  return api(event).mutate(document, variables, formKeyOf(form));
}

/** Runs a form's mutation and answers the page: the confirmation, or the API's error with the form. */
export async function submitForm<Data, Variables extends AnyVariables>(
  event: RequestEvent,
  form: FormData,
  formId: string,
  done: MessageKey,
  document: DocumentInput<Data, Variables>,
  variables: Variables,
): Promise<FormSuccess | ActionFailure<FormFailure>> {
  const outcome = await mutateFromForm(event, form, document, variables);
  if (outcome.error) return formFailure(formId, outcome.error);
  return { formId, done };
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

/**
 * Checks fields: each rule names the field and gives a problem (a Dutch/English message key is not
 * possible here: the API's own BAD_USER_INPUT also names fields), collected for one answer.
 */
export class FieldCheck {
  readonly problems: FieldProblem[] = [];
  required(field: string, value: string | null | undefined): this {
    if (!value) this.problems.push({ field, message: 'required' });
    return this;
  }
  date(field: string, value: string | null | undefined, { optional = false } = {}): this {
    if (!value ? !optional : !isIsoDate(value)) this.problems.push({ field, message: 'date' });
    return this;
  }
  amount(field: string, value: number | null): this {
    if (value === null) this.problems.push({ field, message: 'amount' });
    return this;
  }
  /** A whole number of at least 0 (how many), as typed. */
  count(field: string, value: string): this {
    if (!/^\d{1,9}$/.test(value)) this.problems.push({ field, message: 'count' });
    return this;
  }
  get ok(): boolean {
    return this.problems.length === 0;
  }
}
