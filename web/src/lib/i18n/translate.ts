import type { MessageKey } from './nl.js';

export type { MessageKey };
export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'nl';
/** Remembers the chosen language for a year; readable by the server only, like the session. */
export const LOCALE_COOKIE = 'samenspel_lang';

type Catalogue = Record<MessageKey, string>;
/** Each language's messages are a chunk of their own: a browser loads the language it shows, not every one. */
const sources: Record<Locale, () => Promise<Catalogue>> = {
  nl: async () => (await import('./nl.js')).nl,
  en: async () => (await import('./en.js')).en,
};
const catalogues: Partial<Record<Locale, Catalogue>> = {};
/** BCP 47 tags for Intl, so dates and amounts follow Dutch and British conventions. */
const intlTags: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

export type Params = Record<string, string | number>;

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** Makes `translate` ready for a language (the root layout's load does so before anything renders). */
export async function loadCatalogue(locale: Locale): Promise<void> {
  catalogues[locale] ??= await sources[locale]();
}

/** Every language has the same keys (a unit test checks it): any loaded one tells. */
export const isMessageKey = (value: string): value is MessageKey =>
  Object.values(catalogues).some((catalogue) => Object.hasOwn(catalogue, value));

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const catalogue = catalogues[locale];
  if (!catalogue) throw new Error(`The ${locale} messages are not loaded (loadCatalogue).`);
  const text = catalogue[key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text;
}

/** A calendar date (YYYY-MM-DD) as "1 januari 2024": read and shown in UTC so it never shifts a day. */
export function formatDate(locale: Locale, date: string): string {
  return new Intl.DateTimeFormat(intlTags[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** The Dutch day of a moment (ISO timestamp) as "6 december 2026": 23:30 UTC on the 5th is the 6th. */
export function formatMomentDay(locale: Locale, moment: string): string {
  return new Intl.DateTimeFormat(intlTags[locale], { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(
    new Date(moment),
  );
}

/** A moment (ISO timestamp) as "5 december 2026 om 17:20", in Dutch time. */
export function formatDateTime(locale: Locale, moment: string): string {
  return new Intl.DateTimeFormat(intlTags[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(moment));
}

/** A wait such as "5 seconden" or "15 minuten": seconds under a minute, else whole minutes (rounded up). */
export function formatWait(locale: Locale, seconds: number): string {
  const [value, unit] = seconds < 60 ? [seconds, 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return new Intl.NumberFormat(intlTags[locale], { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** A calendar month (YYYY-MM) as "november 2025". */
export function formatMonth(locale: Locale, month: string): string {
  return new Intl.DateTimeFormat(intlTags[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

export function formatCents(locale: Locale, cents: number): string {
  return new Intl.NumberFormat(intlTags[locale], { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
