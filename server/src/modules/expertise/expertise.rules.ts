import { RuleViolationError } from '../../core/errors/errors.js';
import type { EligibleProviderRow } from './expertise.types.js';

/**
 * Domain rule 2: expertise only from a provider with a subcontract with the main contractor valid
 * on the date and covering the profile, or a partner in the same consortium or integrated team.
 */
export function assertSubcontractCovers(
  relation: EligibleProviderRow | undefined,
  providerName: string,
): asserts relation is EligibleProviderRow {
  if (!relation) {
    throw new RuleViolationError(
      'SUBCONTRACT_REQUIRED',
      `${providerName} has no subcontract with you that is valid today and covers this expertise, and is not a partner in your consortium or integrated team.`,
    );
  }
}
