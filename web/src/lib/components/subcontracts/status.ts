/** Where a subcontract (or membership) stands on a date: not yet, running, or ended. */
export type ValidityStatus = 'FUTURE' | 'ACTIVE' | 'ENDED';

export const validityStatus = (
  validFrom: string,
  validUntil: string | null | undefined,
  today: string,
): ValidityStatus => (validFrom > today ? 'FUTURE' : validUntil && validUntil < today ? 'ENDED' : 'ACTIVE');
