import { RuleViolationError } from '../../core/errors/errors.js';
import type { Segment } from '../catalogue/catalogue.entity.js';

/** Domain rule 3: a highly specialist referral cannot be refused (acceptatieplicht). */
export function assertAcceptanceObligation(segment: Segment, action: string): void {
  if (segment === 'HIGHLY_SPECIALIST') {
    throw new RuleViolationError(
      'ACCEPTANCE_OBLIGATION',
      `This is highly specialist care: providers have an acceptance obligation, so it cannot be ${action}.`,
    );
  }
}

/** Domain rule 1: the responsible provider changes only through a recorded transfer, one at a time. */
export function assertOneResponsibleProvider(pendingTransfer: boolean): void {
  if (pendingTransfer) {
    throw new RuleViolationError(
      'ONE_RESPONSIBLE_PROVIDER',
      'A transfer of responsibility for this trajectory is already waiting for an answer; only one can be open at a time.',
    );
  }
}

/**
 * Domain rule 1, after a transfer: the provider responsible now decides about the trajectory (its
 * expertise requests included); the one that handed it over no longer does.
 */
export function assertResponsibleNow(responsibleNow: boolean, action: string): void {
  if (!responsibleNow) {
    throw new RuleViolationError(
      'ONE_RESPONSIBLE_PROVIDER',
      `Your organisation is no longer responsible for this trajectory: the responsibility was transferred, so only the provider responsible now can ${action}.`,
    );
  }
}

/** "J.K.", "jk", "J K" → "J.K."; anything but letters, dots and spaces is refused by the caller. */
export function normaliseInitials(value: string): string | null {
  const letters = value.replace(/[.\s]/g, '');
  if (!/^\p{L}{1,6}$/u.test(letters)) return null;
  const ascii = letters.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  return /^[A-Z]{1,6}$/.test(ascii) ? `${ascii.split('').join('.')}.` : null;
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
