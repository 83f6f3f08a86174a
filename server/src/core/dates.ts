/**
 * Calendar days as the server decides "valid on that date": the UTC day of a moment (as the
 * integrity check and the data generator do).
 */
export const dayOf = (moment: Date): string => moment.toISOString().slice(0, 10);

/** Today, by the same rule. */
export const today = (): string => dayOf(new Date());

/** Whole calendar days from one day to another (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
