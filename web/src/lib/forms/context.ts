import { getContext, setContext } from 'svelte';
import type { FieldMessage } from '$lib/api-errors';
import type { Failure } from './failure';

const KEY = Symbol('form-failure');

/** A form (components/forms/Form.svelte) hands its refused submission to its fields. */
export function provideFailure(failure: () => Failure | undefined): void {
  setContext(KEY, failure);
}

export interface FieldAnswer {
  error?: FieldMessage;
  /** What the user submitted; undefined when the form was not refused. */
  value?: string;
  list?: string[];
}

/**
 * For a field of such a form (call it while the field is created): its error and the value the user
 * submitted, when its form was refused.
 */
export function fieldAnswers(): (name: string) => FieldAnswer {
  const failure = getContext<(() => Failure | undefined) | undefined>(KEY);
  return (name) => {
    const refused = failure?.();
    if (!refused) return {};
    const value = refused.values?.[name];
    return {
      error: refused.problems?.[name],
      value: value ?? '',
      list: refused.lists?.[name] ?? (value === undefined ? [] : [value]),
    };
  };
}
