/**
 * Idempotency keys of forms. Every rendered form that makes the API change something carries one
 * (a hidden field, FormKey.svelte); the form action sends it as the `Idempotency-Key` header, so a
 * double click or a retried submission is done once, and the API answers the repeat with the first
 * answer. After a successful submission the form gets a new key: the next submission is a new one.
 */

/** The hidden field with the key. */
export const FORM_KEY_FIELD = 'idempotencyKey';

/**
 * A random version 4 UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost);
 * `crypto.getRandomValues` exists everywhere, also on the plain-http intranet address of a portal.
 */
export function newFormKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The key a submitted form carries, if it is one the API accepts (printable ASCII, at most 255). */
export function formKeyOf(form: FormData): string | undefined {
  const key = form.get(FORM_KEY_FIELD);
  return typeof key === 'string' && /^[\x21-\x7e]{1,255}$/.test(key) ? key : undefined;
}
