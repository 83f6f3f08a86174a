import { currentLocale, date, t } from '$lib/i18n';
import type { Pic } from '$lib/graphql/care';

const TAGS = { nl: 'nl-NL', en: 'en-GB' } as const;

/** A moment (ISO 8601) as "25 nov 2026 14:05", in Dutch time whatever the server's zone. */
export function dateTime(value: string): string {
  return new Intl.DateTimeFormat(TAGS[currentLocale()], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(value));
}

/** The calendar day of a moment, in Dutch time: "25 november 2026". */
export function day(value: string): string {
  return new Intl.DateTimeFormat(TAGS[currentLocale()], { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(
    new Date(value),
  );
}

/** A date field's value (YYYY-MM-DD) for display, or the text for "none". */
export const optionalDate = (value: string | null | undefined, none: string): string => (value ? date(value) : none);

/** "kort, laag" for a PIC's intensity. */
export const intensityText = (pic: Pick<Pic, 'intensity'>): string =>
  t('intensity.describe', {
    duration: t(`duration.${pic.intensity.duration}`),
    level: t(`intensityLevel.${pic.intensity.level}`),
  });

/** The time of day, e.g. "14:05", in Dutch time. */
export function clock(value: Date): string {
  return new Intl.DateTimeFormat(TAGS[currentLocale()], { timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(
    value,
  );
}
