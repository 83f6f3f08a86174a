import { page } from '$app/state';
import {
  formatCents,
  formatDate,
  formatDateTime,
  formatMomentDay,
  formatMonth,
  formatWait,
  translate,
  type Locale,
  type MessageKey,
  type Params,
} from './translate';

export * from './translate';

/**
 * The current page's language (from the root layout's data). Reading it inside a component keeps
 * the text reactive: switching language re-renders without a reload.
 */
export const currentLocale = (): Locale => page.data.locale;

/** Translates a message in the current page's language. For components only; server code uses `translate`. */
export const t = (key: MessageKey, params?: Params): string => translate(currentLocale(), key, params);

export const date = (value: string): string => formatDate(currentLocale(), value);
export const dateTime = (value: string): string => formatDateTime(currentLocale(), value);
/** The day of a moment in Dutch time (never the UTC day of its ISO text). */
export const momentDay = (value: string): string => formatMomentDay(currentLocale(), value);
export const cents = (value: number): string => formatCents(currentLocale(), value);
export const wait = (seconds: number): string => formatWait(currentLocale(), seconds);

/** A period of the figures' grid (2025, 2025-Q3, 2025-11) as people say it. */
export const periodLabel = (value: string): string => {
  const [year, part] = value.split('-');
  if (!part) return year;
  if (part.startsWith('Q')) return t('performance.quarterLabel', { quarter: part.slice(1), year });
  return formatMonth(currentLocale(), value);
};

/** A validity period: "vanaf 1 januari 2024", or "… tot en met …" when it ends. */
export const validity = (from: string, until: string | null | undefined): string =>
  until
    ? t('consortia.validFromUntil', { from: date(from), until: date(until) })
    : t('consortia.validFromOpen', { from: date(from) });
