import { RuleViolationError } from '../../core/errors/errors.js';
import type { GoalRealisation } from '../outcome/outcome.types.js';

/** Weight of each result in the share of goals achieved: a partly achieved goal counts half. */
const WEIGHT: Record<GoalRealisation, number> = { ACHIEVED: 1, PARTLY_ACHIEVED: 0.5, NOT_ACHIEVED: 0 };

/** The share of the treatment goals achieved, 0..1, rounded to 3 decimals (1 when there are none). */
export function goalShare(results: GoalRealisation[]): number {
  if (!results.length) return 1;
  return Math.round((results.reduce((sum, r) => sum + WEIGHT[r], 0) / results.length) * 1000) / 1000;
}

export interface PaymentTier {
  minGoalShare: number;
  percentagePaid: number;
}

/** Bonus-malus: the tier with the highest minimum the share reaches gives the percentage paid. */
export function percentagePaid(tiers: PaymentTier[], share: number): number {
  const reached = tiers.filter((t) => t.minGoalShare <= share).sort((a, b) => b.minGoalShare - a.minGoalShare)[0];
  return reached?.percentagePaid ?? 0;
}

/** Domain rule 4: a PIC trajectory is never paid more than its tariff. */
export function assertTariffCeiling(amountCents: number, tariffCents: number): void {
  if (amountCents > tariffCents) {
    throw new RuleViolationError(
      'TARIFF_CEILING',
      `A PIC trajectory is never paid more than its tariff (${tariffCents} cents); ${amountCents} was computed.`,
    );
  }
}

/** OUTPUT: the tariff reduced by the malus, in whole cents, never above the tariff. */
export function outputAmount(tariffCents: number, percentage: number): number {
  const amount = Math.floor((tariffCents * percentage) / 100);
  assertTariffCeiling(amount, tariffCents);
  return amount;
}

/** EFFORT (PxQ): units × price, summed over the registered deliveries. */
export function effortAmount(units: { quantity: number; priceCents: number }[]): number {
  return units.reduce((sum, u) => sum + u.quantity * u.priceCents, 0);
}
