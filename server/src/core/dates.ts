/**
 * Calendar days as the server decides "valid on that date": the UTC day of a moment (as the
 * integrity check and the data generator do).
 */
export const dayOf = (moment: Date): string => moment.toISOString().slice(0, 10);

/** Today, by the same rule. */
export const today = (): string => dayOf(new Date());
