import type { ApiErrorInfo, FieldMessage } from '$lib/api-errors';
import type { MessageKey } from '$lib/i18n/translate';

/** Problems per form field (the field's name in the form), in the order the form asks them. */
export type Problems = Record<string, FieldMessage>;

/**
 * A refused form submission, as every form action answers it (lib/server/forms.ts): which form it
 * was (a page may have several), the problems per field, an API error about the whole form, and what
 * was submitted — so that, also without JavaScript, the re-rendered form still holds the user's input.
 */
export interface Failure {
  form: string;
  problems?: Problems;
  error?: ApiErrorInfo;
  /** Each submitted field's (first) value; passwords are never sent back. */
  values?: Record<string, string>;
  /** The fields submitted more than once (checkboxes), all their values. */
  lists?: Record<string, string[]>;
}

/** A form that was done and stays on its page: the confirmation to show with it. */
export interface Done {
  form: string;
  done: MessageKey;
}

/** The answer of one form, out of a page's `form` prop. */
export function answerOf(form: unknown, name: string): Failure | Done | undefined {
  return form && typeof form === 'object' && (form as Failure).form === name ? (form as Failure | Done) : undefined;
}

/** The failure of one form, out of a page's `form` prop. */
export function failureOf<T extends Failure>(form: unknown, name: string): T | undefined {
  const answer = answerOf(form, name);
  return answer && !('done' in answer) ? (answer as T) : undefined;
}
