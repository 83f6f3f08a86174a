/** The life domains (leefgebieden) of a family plan's goals, in the order the portal lists them. */
export const LIFE_DOMAINS = [
  'PARENTING',
  'SCHOOL_OR_DAYTIME_ACTIVITY',
  'INCOME_AND_DEBTS',
  'HOUSING',
  'HEALTH',
  'SAFETY',
] as const;
export type LifeDomain = (typeof LIFE_DOMAINS)[number];

export const isLifeDomain = (value: unknown): value is LifeDomain =>
  (LIFE_DOMAINS as readonly unknown[]).includes(value);
