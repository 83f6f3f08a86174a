import { fieldMessage, type FieldParams, type FieldReason } from './field-reasons.js';

/**
 * Domain errors. Services throw these; the formatter in ./format.ts turns them into the contract's
 * `extensions.code` (and `rule`, `fields`, `currentVersion`). Anything else is masked.
 */
export type ErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RULE_VIOLATION' | 'UNAVAILABLE';

/** The contract's RuleName values (`extensions.rule`): each names a rule of domain.md. */
export const RULES = {
  ONE_RESPONSIBLE_PROVIDER: 'an open trajectory has exactly one responsible provider',
  SUBCONTRACT_REQUIRED: 'expertise only from a provider with a valid subcontract / same consortium or team',
  ACCEPTANCE_OBLIGATION: 'a highly specialist referral cannot be declined',
  OUTCOME_REQUIRED: 'closing needs a submitted outcome report',
  TARIFF_CEILING: 'a PIC trajectory is never paid more than its tariff',
  IMMUTABLE: 'submitted outcomes and settlements cannot be edited',
  INVALID_TRANSITION: 'the object’s state does not allow this action',
  COLLECTIVE_RESPONSIBILITY: 'a consortium referral is never sent back to the referrer: the consortium finds the place',
  CONSORTIUM_MEMBER_REQUIRED:
    'the main contractor assigned at intake is a lead or partner of that consortium on that date',
  LEGAL_HOLD: 'a youth’s file is not erased while a legal duty keeps it, such as an open trajectory',
  ERASED: 'what named an erased youth is not shown again: a stored message about it has no content any more',
} as const;
export type RuleName = keyof typeof RULES;

/** A wrong input field: its path (`input.goals.0.description`), why (./field-reasons.ts), in English. */
export interface FieldProblem {
  field: string;
  reason: FieldReason;
  params?: FieldParams;
  message: string;
}

export const fieldProblem = (field: string, reason: FieldReason, params?: FieldParams): FieldProblem => ({
  field,
  reason,
  ...(params ? { params } : {}),
  message: fieldMessage(reason, params),
});

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(
    message = 'You are not signed in, or your session has expired. Please sign in again.',
    extensions: Record<string, unknown> = {},
  ) {
    super('UNAUTHENTICATED', message, extensions);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} does not exist or is not visible to you.`);
  }
}

export class BadUserInputError extends DomainError {
  constructor(
    readonly fields: FieldProblem[],
    message?: string,
  ) {
    super('BAD_USER_INPUT', message ?? fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
  }

  static field(field: string, reason: FieldReason, params?: FieldParams): BadUserInputError {
    return new BadUserInputError([fieldProblem(field, reason, params)]);
  }
}

export class ConflictError extends DomainError {
  constructor(
    what: string,
    readonly currentVersion: number,
  ) {
    super(
      'CONFLICT',
      `${what} was changed by someone else in the meantime (now version ${currentVersion}). Nothing was saved; load the latest version and apply your change again.`,
      { currentVersion },
    );
  }
}

export class RuleViolationError extends DomainError {
  constructor(
    readonly rule: RuleName,
    message: string,
  ) {
    super('RULE_VIOLATION', message, { rule });
  }
}

/**
 * The server cannot take the request on now (every database connection busy, or shutting down);
 * nothing was done, and the same request may be sent again after `retryAfterSeconds`.
 */
export class UnavailableError extends DomainError {
  constructor(
    message = 'The server is busy; nothing was done. Please try again in a moment.',
    readonly retryAfterSeconds = 1,
  ) {
    super('UNAVAILABLE', message, { retryAfterSeconds });
  }
}

/** Collects problems with several input fields, to report them together. */
export class FieldProblems {
  private readonly problems: FieldProblem[] = [];

  add(field: string, reason: FieldReason, params?: FieldParams): void {
    this.problems.push(fieldProblem(field, reason, params));
  }

  throwIfAny(): void {
    if (this.problems.length) throw new BadUserInputError(this.problems);
  }
}
