/**
 * Why an input field was refused. Each BAD_USER_INPUT field problem carries one of these codes as
 * `reason` (with `params` for the {placeholders}), so a client can say it in its user's language —
 * the portal says it in Dutch — and the English text below as `message`.
 */
export const FIELD_REASONS = {
  // form of a value
  REQUIRED: 'is required',
  TOO_LONG: 'is longer than {max} characters',
  CONTROL_CHARACTERS: 'contains control characters',
  BROKEN_CHARACTERS: 'contains a broken character (half of a pair, e.g. of an emoji)',
  INVALID_ID: 'is not a valid id',
  INVALID_VALUE: 'is not a valid value',
  NOT_AN_EMAIL: 'is not an e-mail address',
  EIGHT_DIGITS: 'must be 8 digits',
  NOT_A_PRODUCT_CODE: 'is not a product code',
  NOT_A_JZ588_CODE: 'must be a two-digit JZ588 code',
  INITIALS_ONLY: 'must be initials only, e.g. "J.K."',
  NOT_A_CURSOR: 'is not a cursor from this list',
  // accounts
  PASSWORD_TOO_SHORT: 'is shorter than {min} characters',
  PASSWORD_TOO_COMMON:
    'is a commonly used or breached password, or contains your e-mail address or the name of this service',
  PASSWORD_INCORRECT: 'is not your current password',
  REQUIRED_TO_REPLACE_SECOND_FACTOR: 'is required to replace your second factor',
  LINK_NOT_VALID: 'this link has expired or has already been used; ask for a new one',
  CODE_INCORRECT: 'is not the code your authenticator app shows now',
  NO_SETUP_STARTED: 'start setting up the second factor first',
  EMAIL_TAKEN: 'already belongs to an account',
  ROLES_NOT_FOR_ORGANISATION: 'do not fit this organisation',
  CANNOT_DEACTIVATE_YOURSELF: 'you cannot deactivate your own account',
  NOT_A_BSN: 'is not a citizen service number (9 digits passing the 11-test)',
  NOT_A_JZ020_CATEGORY: 'is not a JZ020 product category',
  NOT_AN_IJW_PRODUCT_CODE: 'is not an iJw product code (1 to 5 letters or digits)',
  NOT_A_WJ756_UNIT: 'is not a WJ756 unit',
  // numbers and lists
  AT_LEAST: 'must be at least {min}',
  AT_MOST: 'must be at most {max}',
  BETWEEN: 'must be between {min} and {max}',
  WHOLE_CENTS: 'must be whole cents',
  AT_LEAST_ONE_CENT: 'must be at least 1 cent',
  OVER_A_MILLION_EUROS: 'is more than one million euros',
  TOO_MANY_DECIMALS: 'has more than {decimals} decimals',
  EMPTY_LIST: 'needs at least one {what}',
  TOO_MANY_ENTRIES: 'has more than {max} entries',
  DUPLICATE_ENTRY: 'has the same {what} twice',
  // dates
  BEFORE_START_DATE: 'is before the start date',
  BEFORE_TRAJECTORY_START: 'is before the start of the trajectory',
  BEFORE_MEMBERSHIP_START: 'is before the start of the membership',
  IN_THE_FUTURE: 'is in the future',
  IN_THE_PAST: 'is in the past',
  TOO_FAR_AHEAD: 'is more than {years} year(s) ahead',
  NOT_A_PERIOD_START: 'must be the first day of a calendar month, quarter or year',
  NOT_A_PERIOD_END: 'must be the last day of the calendar month, quarter or year that starts on from',
  PERIOD_NOT_OVER: 'is not over yet: figures are published for complete periods only',
  // references to other records
  UNKNOWN: 'is not a known {what}',
  CONTAINS_UNKNOWN: 'contains an unknown {what}',
  NAME_TAKEN: 'is already the name of another {what}',
  CODE_TAKEN: 'is already the code of another {what}',
  ALREADY_REGISTERED: 'is already registered for another provider',
  REQUIRED_FOR_REGION_ADMIN: 'is required for a region administrator',
  OWN_ORGANISATION: 'is your own organisation',
  CANNOT_SUBCONTRACT_ITSELF: 'a provider cannot subcontract itself',
  MEMBERSHIP_OVERLAP: 'overlaps another membership of this provider in this consortium',
  ONE_LEAD_PARTNER: 'the consortium already has a lead partner (penvoerder) in this period',
  NOT_A_PARTNER: 'is not a partner in this consortium',
  OVER_BUDGET: 'add up to more than the budget ({total} > {budget} cents)',
  // referrals, plans and outcomes
  REQUIRED_WHEN_DECLINING: 'is required when declining',
  DECLINE_REASON_REQUIRED: 'is required: the referrer needs to know why',
  ALREADY_RESPONSIBLE: 'is already the responsible provider',
  YOUTH_EITHER_OR: 'give either an existing youth or initials and birth date, not both',
  REQUIRED_FOR_NEW_YOUTH: 'is required for a new youth',
  TOO_OLD_FOR_YOUTH_CARE: 'is of someone aged {age} or older; youth care ends at {age}',
  NOT_A_YOUTH_OF_MUNICIPALITY: 'is not a youth of your municipality',
  YOUTH_UNDER_12: 'is the youth, who is asked only from 12 years (CBS)',
  SCORE_OR_DECLINED: 'give a score or decline, one of the two',
  NOT_A_PLAN_OF_MUNICIPALITY: 'is not a family plan of your municipality',
  NOT_AN_AREA_OF_MUNICIPALITY: 'is not an area of this municipality',
  SAME_PIC: 'is the PIC the trajectory already has',
  NO_CONSORTIUM_FOR_AREA: 'has no consortium with a lead today; refer to one provider instead',
  NOT_AWARDED_THIS_AREA: 'is not the consortium awarded this area',
  CHOOSE_CONSORTIUM: 'is required: several consortia serve this area',
  SHARED_PLAN_EDITED_SEPARATELY:
    'a shared family plan is edited with updateFamilyPlan; leave question, context and goals out',
  REQUIRED_FOR_NEW_PLAN: 'is required for a new family plan',
  NEW_PLAN_HAS_NO_GOALS: 'a new family plan has no goals yet to refer to',
  PIC_NOT_VALID_TODAY: 'is a tariff version that is not valid today; choose the current one',
  NO_FUNDING_ARRANGEMENT: 'has no funding arrangement for this municipality and segment today',
  SOCIETAL_GOALS_ONLY: 'family plan goals are SOCIETAL goals',
  TREATMENT_GOALS_ONLY: 'help plan goals are TREATMENT goals',
  ONLY_TREATMENT_GOALS_CONTRIBUTE: 'only a treatment goal works toward a societal goal',
  NOT_A_SOCIETAL_GOAL_OF_PLAN: 'is not a societal goal of this family plan',
  NOT_A_GOAL_OF_PLAN: 'is not a goal of this plan',
  NOT_A_TREATMENT_GOAL_OF_HELP_PLAN: 'is not a treatment goal of this help plan',
  RESULT_TWICE: 'has a result twice',
  MISSING_RESULTS: 'misses a result for {count} treatment goal(s) of the help plan',
  SAME_INFORMANT_TWICE: 'has the same informant twice',
  JZ588_INTERRUPTION: 'JZ588 20 is a temporary interruption, not an ending; choose the reason the help ended',
  NOT_A_JZ588_ENDING: 'is not a JZ588 reason for ending ({codes})',
  // iJw messages
  BSN_OF_ANOTHER_YOUTH: 'is the citizen service number of another youth of your municipality; refer that youth',
  NOT_AN_IJW_MESSAGE: 'is not an iJw message whose sender and identification can be read',
  NOT_IMPORTABLE: 'is a {type}, which a provider sends rather than receives',
  ADDRESSED_TO_ANOTHER_PROVIDER: 'is addressed to another provider (AGB {agb})',
  ANSWERS_NO_MESSAGE_OF_YOURS: 'answers no message your organisation sent',
  NOT_EXPORTABLE: 'is a message type the municipality sends; a provider exports {types}',
  UNIT_ONLY_PER_TRAJECTORY: 'is given only for a declaration per trajectory',
  // settlement
  NO_PRICE_ON_DATE: 'has no price on the delivery date',
  DUPLICATE_TIER_SHARE: 'has two tiers with the same minimum share',
  NO_TIER_FROM_ZERO: 'needs a tier from share 0, so every outcome has a percentage',
  NOT_A_UNIT_CODE: 'is not a WJ756 unit (01 minute, 04 hour, 14 etmaal, 16 dagdeel)',
  NOTHING_OWED: 'has no accepted expertise requests to pay in this period',
  PERIOD_ALREADY_PAID: 'overlaps a period already marked paid for this subcontract',
} as const;

export type FieldReason = keyof typeof FIELD_REASONS;
export type FieldParams = Record<string, string | number>;

/** The English text of a reason, its {placeholders} filled in. */
export function fieldMessage(reason: FieldReason, params?: FieldParams): string {
  const text: string = FIELD_REASONS[reason];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text;
}
