import { tick } from 'svelte';

/**
 * After a refused submission (with JavaScript): the focus goes to the first field in error, or else
 * to the form's error summary, so a keyboard or screen-reader user starts where the problem is.
 * Without JavaScript the re-rendered page focuses the error summary itself (its `autofocus`).
 */
export async function focusFirstProblem(form: HTMLFormElement): Promise<void> {
  await tick();
  const target =
    form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
    form.querySelector<HTMLElement>('[data-error-summary]') ??
    document.querySelector<HTMLElement>('[data-error-summary]');
  target?.focus();
}
