import { ageOn } from '../trajectory/trajectory.rules.js';
import { Decider } from './family-rights.types.js';

/**
 * The youth decides from 16 (WGBO art. 7:450 and 7:457): from 16 the youth alone, from 12 to 15
 * the youth and the parents, under 12 the parents — by its age on the Amsterdam day `day`.
 */
export function youthDecidesFrom16(birthDate: string, day: string): Decider {
  const age = ageOn(birthDate, day);
  if (age >= 16) return Decider.YOUTH;
  return age >= 12 ? Decider.YOUTH_AND_PARENTS : Decider.PARENTS;
}
